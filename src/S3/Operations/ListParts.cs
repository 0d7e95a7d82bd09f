using System.Globalization;

using Coffer.Engine.Checksums;
using Coffer.Engine.Model;
using Coffer.S3.Errors;
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
        var marker = PartNumberMarker(request);
        var page = await request.Services.Multipart.ListPartsAsync(bucket, key, uploadId, marker, maxParts, request.Aborted);
        var upload = page.Upload;

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("ListPartsResult", S3Xml.Namespace);
            xml.WriteElementString("Bucket", bucket.Value);
            xml.WriteElementString("Key", parameters.Out(key.Value));
            xml.WriteElementString("UploadId", upload.UploadId);
            ListingXml.Owner(xml, upload.Owner, "Initiator");
            ListingXml.Owner(xml, upload.Owner);
            xml.WriteElementString("StorageClass", upload.StorageClass);
            if (upload.ChecksumAlgorithm is { } algorithm)
            {
                xml.WriteElementString("ChecksumAlgorithm", ChecksumNames.Of(algorithm));
                xml.WriteElementString("ChecksumType", ChecksumNames.Of(upload.ChecksumType ?? ChecksumType.Composite));
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

    /// <summary>part-number-marker: list the parts after this one; 0 (the default) lists from the first.</summary>
    private static int PartNumberMarker(S3Request request)
    {
        var text = request.Query("part-number-marker");
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var marker)
            ? marker
            : throw new S3Exception(S3Error.InvalidArgument, "Provided part-number-marker not an integer or within integer range");
    }
}
