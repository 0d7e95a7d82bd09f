using Coffer.Engine.Listing;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

internal static class ListObjects
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var parameters = ListingParameters.Read(request);
        var marker = request.Query("marker") ?? "";
        var page = await request.Services.Lister.ListAsync(
            new ListRequest { Bucket = bucket, Prefix = parameters.Prefix, Delimiter = parameters.Delimiter, After = marker, MaxKeys = parameters.MaxKeys },
            request.Aborted);

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("ListBucketResult", S3Xml.Namespace);
            xml.WriteElementString("Name", bucket.Value);
            // ListObjects v1 leaves the echoed Prefix as is even under encoding-type=url; clients decode only the rest.
            xml.WriteElementString("Prefix", parameters.Prefix);
            xml.WriteElementString("Marker", parameters.Out(marker));
            xml.WriteElementString("MaxKeys", ListingXml.Number(parameters.MaxKeys));
            xml.Element("Delimiter", parameters.Delimiter is null ? null : parameters.Out(parameters.Delimiter));
            xml.WriteElementString("IsTruncated", ListingXml.Bool(page.IsTruncated));

            // S3 sends NextMarker only with a delimiter; without one, clients continue from the last key.
            if (page.IsTruncated && parameters.Delimiter is not null && page.LastReturned is { } next)
            {
                xml.WriteElementString("NextMarker", parameters.Out(next));
            }

            if (parameters.UrlEncode)
            {
                xml.WriteElementString("EncodingType", "url");
            }

            foreach (var item in page.Objects)
            {
                ListingXml.Contents(xml, "Contents", item, parameters, withOwner: true);
            }

            ListingXml.CommonPrefixes(xml, page.CommonPrefixes, parameters);
            xml.WriteEndElement();
        }, request.Aborted);
    }
}
