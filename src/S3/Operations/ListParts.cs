using System.Globalization;

using Coffer.Engine.Checksums;
using Coffer.Engine.Multipart;
using Coffer.S3.Encryption;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

internal static class ListParts
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var key = Names.Key(request);
        var uploadId = MultipartParameters.UploadId(request);
        var parameters = ListingParameters.Read(request, "max-parts");
        var maxParts = parameters.MaxKeys;
        var marker = MultipartParameters.PartNumberMarker(request.Query("part-number-marker"), "part-number-marker");
        var customerKey = CustomerKeyHeader.Read(request.HttpRequest.Headers);
        var page = await request.Services.Multipart.ListPartsAsync(bucket, key, uploadId, marker, maxParts, customerKey, request.Aborted);
        var upload = page.Upload;

        // A key that reached here is the upload's own: say so as UploadPart does (AWS's model names no such output of
        // ListParts, so SDKs ignore the two headers, but they tell a raw client which key was judged).
        CustomerKeyHeader.WritePart(request.Response.Headers, customerKey);

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("ListPartsResult", S3Xml.Namespace);
            xml.WriteElementString("Bucket", bucket.Value);
            xml.WriteElementString("Key", parameters.Out(key.Value));
            xml.WriteElementString("UploadId", upload.UploadId);
            ListingXml.Owner(xml, upload.Attributes.Owner, "Initiator");
            ListingXml.Owner(xml, upload.Attributes.Owner);
            xml.WriteElementString("StorageClass", upload.Attributes.StorageClass);
            if (upload.ChecksumAlgorithm is { } algorithm)
            {
                xml.WriteElementString("ChecksumAlgorithm", ChecksumNames.Of(algorithm));
                xml.WriteElementString("ChecksumType", ChecksumNames.Of(MultipartChecksum.Kind(upload).Type));
            }

            xml.WriteElementString("PartNumberMarker", ListingXml.Number(marker));
            if (page.NextPartNumberMarker is { } next)
            {
                xml.WriteElementString("NextPartNumberMarker", ListingXml.Number(next));
            }

            xml.WriteElementString("MaxParts", ListingXml.Number(maxParts));
            xml.WriteElementString("IsTruncated", ListingXml.Bool(page.IsTruncated));
            if (parameters.UrlEncode)
            {
                xml.WriteElementString("EncodingType", "url");
            }

            foreach (var part in page.Parts)
            {
                xml.WriteStartElement("Part");
                xml.WriteElementString("PartNumber", ListingXml.Number(part.PartNumber));
                xml.WriteElementString("LastModified", S3Xml.Timestamp(part.LastModified));
                xml.WriteElementString("ETag", part.ETag);
                xml.WriteElementString("Size", part.Size.ToString(CultureInfo.InvariantCulture));
                if (part.Checksum is { } checksum)
                {
                    xml.WriteElementString("Checksum" + ChecksumNames.Of(checksum.Algorithm), checksum.Base64Value);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }, request.Aborted);
    }
}
