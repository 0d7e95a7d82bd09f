using System.Globalization;
using System.Xml;

using Coffer.Engine.Checksums;
using Coffer.Engine.Encryption;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.S3.Encryption;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Versioning;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// GetObjectAttributes: what HEAD tells and more, as XML: the ETag, the checksum, the parts of a
/// multipart object (paged by x-amz-max-parts and x-amz-part-number-marker, each with its size
/// and checksum), the storage class and the size. Only the attributes named in
/// x-amz-object-attributes are returned.
/// </summary>
internal static class GetObjectAttributes
{
    private static readonly string[] Known = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"];

    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var key = Names.Key(request);
        var wanted = Attributes(request.Header("x-amz-object-attributes"));
        var maxParts = ListingParameters.Max(request.Header("x-amz-max-parts"), "max-parts");
        var marker = MultipartParameters.PartNumberMarker(request.Header("x-amz-part-number-marker"), "part-number-marker");
        var info = await request.Services.Objects.HeadAsync(bucket, key, request.Operation.VersionId, request.Aborted);

        // An SSE-C object's attributes are answered only to its key, as its HEAD is.
        CustomerKeyRules.RequireForRead(info.Attributes, CustomerKeyHeader.Read(request.HttpRequest.Headers));

        var response = request.Response;
        response.Headers.LastModified = HttpDates.Format(info.LastModified);
        VersionHeaders.Write(response.Headers, info.VersionId, named: request.Operation.VersionId is not null);

        await XmlResponse.WriteAsync(response, 200, xml =>
        {
            xml.WriteStartElement("GetObjectAttributesResponse", S3Xml.Namespace);
            if (wanted.Contains("ETag"))
            {
                // Unlike the ETag header, the element carries no quotes.
                xml.WriteElementString("ETag", info.ETag.Trim('"'));
            }

            if (wanted.Contains("Checksum") && info.Checksum is { } checksum)
            {
                xml.WriteStartElement("Checksum");
                WriteChecksum(xml, checksum);
                xml.WriteElementString("ChecksumType", ChecksumNames.Of(checksum.Type));
                xml.WriteEndElement();
            }

            if (wanted.Contains("ObjectParts") && ObjectParts.Count(info) is { } count)
            {
                WriteParts(xml, info, count, marker, maxParts);
            }

            if (wanted.Contains("StorageClass"))
            {
                xml.WriteElementString("StorageClass", info.Attributes.StorageClass);
            }

            if (wanted.Contains("ObjectSize"))
            {
                xml.WriteElementString("ObjectSize", info.Size.ToString(CultureInfo.InvariantCulture));
            }

            xml.WriteEndElement();
        }, request.Aborted);
    }

    /// <summary>x-amz-object-attributes: a comma-separated list of S3's attribute names; at least one, and no others.</summary>
    private static HashSet<string> Attributes(string? header)
    {
        var names = (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            throw new S3Exception(S3Error.InvalidArgument, "The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty");
        }

        foreach (var name in names)
        {
            if (!Known.Contains(name, StringComparer.Ordinal))
            {
                throw new S3Exception(S3Error.InvalidArgument, "Invalid attribute name specified.");
            }
        }

        return [.. names];
    }

    /// <summary>The parts element: a page of parts after <paramref name="marker"/>, and the paging facts.</summary>
    private static void WriteParts(XmlWriter xml, ObjectInfo info, int count, int marker, int maxParts)
    {
        var page = ObjectParts.After(info, marker, maxParts);
        var truncated = page.Count > 0 && page[^1].PartNumber < count;
        xml.WriteStartElement("ObjectParts");
        xml.WriteElementString("PartsCount", ListingXml.Number(count));
        xml.WriteElementString("PartNumberMarker", ListingXml.Number(marker));
        if (page.Count > 0)
        {
            xml.WriteElementString("NextPartNumberMarker", ListingXml.Number(page[^1].PartNumber));
        }

        xml.WriteElementString("MaxParts", ListingXml.Number(maxParts));
        xml.WriteElementString("IsTruncated", ListingXml.Bool(truncated));
        foreach (var part in page)
        {
            xml.WriteStartElement("Part");
            if (part.Checksum is { } checksum)
            {
                WriteChecksum(xml, checksum);
            }

            xml.WriteElementString("PartNumber", ListingXml.Number(part.PartNumber));
            xml.WriteElementString("Size", part.Length.ToString(CultureInfo.InvariantCulture));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteChecksum(XmlWriter xml, ObjectChecksum checksum) =>
        xml.WriteElementString("Checksum" + ChecksumNames.Of(checksum.Algorithm), checksum.Base64Value);
}
