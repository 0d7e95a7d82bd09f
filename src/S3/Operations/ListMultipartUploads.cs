using Coffer.Engine.Checksums;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

internal static class ListMultipartUploads
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var parameters = ListingParameters.Read(request, "max-uploads");
        var keyMarker = request.Query("key-marker") ?? "";
        var uploadIdMarker = request.Query("upload-id-marker") ?? "";
        var page = await request.Services.Uploads.ListAsync(
            new UploadListRequest
            {
                Bucket = bucket,
                Prefix = parameters.Prefix,
                Delimiter = parameters.Delimiter,
                KeyMarker = keyMarker,
                UploadIdMarker = uploadIdMarker,
                MaxUploads = parameters.MaxKeys,
            },
            request.Aborted);

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("ListMultipartUploadsResult", S3Xml.Namespace);
            xml.WriteElementString("Bucket", bucket.Value);
            xml.WriteElementString("KeyMarker", parameters.Out(keyMarker));
            xml.WriteElementString("UploadIdMarker", uploadIdMarker);
            if (page.IsTruncated)
            {
                xml.WriteElementString("NextKeyMarker", parameters.Out(page.NextKeyMarker ?? ""));
                xml.WriteElementString("NextUploadIdMarker", page.NextUploadIdMarker ?? "");
            }

            xml.WriteElementString("Prefix", parameters.Out(parameters.Prefix));
            xml.Element("Delimiter", parameters.Delimiter is null ? null : parameters.Out(parameters.Delimiter));
            xml.WriteElementString("MaxUploads", ListingXml.Number(parameters.MaxKeys));
            xml.WriteElementString("IsTruncated", ListingXml.Bool(page.IsTruncated));
            if (parameters.UrlEncode)
            {
                xml.WriteElementString("EncodingType", "url");
            }

            foreach (var upload in page.Uploads)
            {
                xml.WriteStartElement("Upload");
                xml.WriteElementString("Key", parameters.Out(upload.Key));
                xml.WriteElementString("UploadId", upload.UploadId);
                ListingXml.Owner(xml, upload.Attributes.Owner, "Initiator");
                ListingXml.Owner(xml, upload.Attributes.Owner);
                xml.WriteElementString("StorageClass", upload.Attributes.StorageClass);
                xml.WriteElementString("Initiated", S3Xml.Timestamp(upload.Initiated));
                if (upload.ChecksumAlgorithm is { } algorithm)
                {
                    xml.WriteElementString("ChecksumAlgorithm", ChecksumNames.Of(algorithm));
                    xml.WriteElementString("ChecksumType", ChecksumNames.Of(upload.ChecksumType ?? ChecksumType.Composite));
                }

                xml.WriteEndElement();
            }

            ListingXml.CommonPrefixes(xml, page.CommonPrefixes, parameters);
            xml.WriteEndElement();
        }, request.Aborted);
    }
}
