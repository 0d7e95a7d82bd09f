using Coffer.Engine.Listing;
using Coffer.Engine.Model;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// Until versioning arrives, every key has exactly one version, "null", and it is the latest.
/// The conformance suite lists and empties every bucket through this operation.
/// </summary>
internal static class ListObjectVersions
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var parameters = ListingParameters.Read(request);
        var keyMarker = request.Query("key-marker") ?? "";
        var versionIdMarker = request.Query("version-id-marker");
        var page = await request.Services.Lister.ListAsync(
            new ListRequest { Bucket = bucket, Prefix = parameters.Prefix, Delimiter = parameters.Delimiter, After = keyMarker, MaxKeys = parameters.MaxKeys },
            request.Aborted);

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("ListVersionsResult", S3Xml.Namespace);
            xml.WriteElementString("Name", bucket.Value);
            xml.WriteElementString("Prefix", parameters.Out(parameters.Prefix));
            xml.WriteElementString("KeyMarker", parameters.Out(keyMarker));
            xml.WriteElementString("VersionIdMarker", versionIdMarker ?? "");
            xml.WriteElementString("MaxKeys", ListingXml.Number(parameters.MaxKeys));
            xml.Element("Delimiter", parameters.Delimiter is null ? null : parameters.Out(parameters.Delimiter));
            xml.WriteElementString("IsTruncated", ListingXml.Bool(page.IsTruncated));
            if (page.IsTruncated && page.LastReturned is { } next)
            {
                xml.WriteElementString("NextKeyMarker", parameters.Out(next));
                xml.WriteElementString("NextVersionIdMarker", VersionIds.Null);
            }

            if (parameters.UrlEncode)
            {
                xml.WriteElementString("EncodingType", "url");
            }

            foreach (var item in page.Objects)
            {
                ListingXml.Contents(xml, "Version", item, parameters, withOwner: true, versionFields: x =>
                {
                    x.WriteElementString("VersionId", item.VersionId);
                    x.WriteElementString("IsLatest", ListingXml.Bool(item.IsLatest));
                });
            }

            ListingXml.CommonPrefixes(xml, page.CommonPrefixes, parameters);
            xml.WriteEndElement();
        }, request.Aborted);
    }
}
