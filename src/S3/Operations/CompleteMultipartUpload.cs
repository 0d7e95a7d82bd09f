using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;

using Coffer.Engine.Checksums;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.S3.Encryption;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Versioning;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// Turns an upload's parts into the object. The part list is parsed here; its rules (order,
/// ETags, sizes) are the engine's. The whole commit is one metadata transaction, so S3's habit
/// of answering 200 early and streaming whitespace while it works is not needed.
/// </summary>
internal static class CompleteMultipartUpload
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var key = Names.Key(request);
        var body = await XmlRequestReader.ReadBodyAsync(request.Auth.Body, request.Aborted);
        if (PutObject.ContentMd5(request.Header("Content-MD5")) is { } md5 && !CryptographicOperations.FixedTimeEquals(md5, MD5.HashData(body)))
        {
            throw new S3Exception(S3Error.BadDigest);
        }

        var customerKey = CustomerKeyHeader.Read(request.HttpRequest.Headers);
        var stored = await request.Services.Multipart.CompleteAsync(
            new CompleteUploadRequest
            {
                Bucket = bucket,
                Key = key,
                UploadId = MultipartParameters.UploadId(request),
                CustomerKey = customerKey,
                Parts = Parts(XmlRequestReader.Parse(body)),
                ExpectedSize = ExpectedSize(request.Header("x-amz-mp-object-size")),
                Condition = PutObject.WriteConditionOf(request),
                ExpectedChecksum = ExpectedChecksum(request),
                ExpectedChecksumType = ExpectedChecksumType(request.Header("x-amz-checksum-type")),
            },
            request.Aborted);

        VersionHeaders.Write(request.Response.Headers, stored.VersionId);
        await Lifecycle.ExpirationHeader.WriteAsync(request, stored);
        ServerSideEncryptionHeader.Write(request.Response.Headers, stored.Attributes);
        CustomerKeyHeader.Write(request.Response.Headers, stored.Attributes, customerKey);
        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("CompleteMultipartUploadResult", S3Xml.Namespace);
            xml.WriteElementString("Location", Location(request, bucket.Value, key.Value));
            xml.WriteElementString("Bucket", bucket.Value);
            xml.WriteElementString("Key", key.Value);
            xml.WriteElementString("ETag", stored.ETag);
            if (stored.Checksum is { } checksum)
            {
                xml.WriteElementString("Checksum" + ChecksumNames.Of(checksum.Algorithm), checksum.Base64Value);
                xml.WriteElementString("ChecksumType", ChecksumNames.Of(checksum.Type));
            }

            xml.WriteEndElement();
        }, request.Aborted);
    }

    /// <summary>
    /// &lt;CompleteMultipartUpload&gt; with one &lt;Part&gt; (PartNumber, ETag, optionally one
    /// Checksum*) per part. A document without parts is malformed, as S3 says.
    /// </summary>
    private static List<CompletedPart> Parts(XElement? document)
    {
        if (document is null || document.Name.LocalName != "CompleteMultipartUpload")
        {
            throw new S3Exception(S3Error.MalformedXML);
        }

        var parts = new List<CompletedPart>();
        foreach (var element in document.Children("Part"))
        {
            var number = element.Child("PartNumber")?.Value.Trim();
            var etag = element.Child("ETag")?.Value.Trim();
            if (!int.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var partNumber) || string.IsNullOrEmpty(etag))
            {
                throw new S3Exception(S3Error.MalformedXML);
            }

            parts.Add(new CompletedPart(partNumber, etag, Checksum(element)));
        }

        return parts.Count > 0 ? parts : throw new S3Exception(S3Error.MalformedXML);
    }

    private static long? ExpectedSize(string? header)
    {
        if (header is null)
        {
            return null;
        }

        return long.TryParse(header.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? size
            : throw new S3Exception(S3Error.InvalidRequest, "Value for x-amz-mp-object-size header is invalid.");
    }

    /// <summary>
    /// x-amz-checksum-&lt;alg&gt;: the object checksum the client expects, taken as text (a composite
    /// one ends in "-N", so it is not plain base64); the engine compares it with the one it makes.
    /// </summary>
    private static ObjectChecksum? ExpectedChecksum(S3Request request)
    {
        ObjectChecksum? found = null;
        foreach (var algorithm in Enum.GetValues<ChecksumAlgorithm>())
        {
            if (request.Header(ChecksumNames.HeaderOf(algorithm)) is { } value)
            {
                found = found is null
                    ? new ObjectChecksum(algorithm, value)
                    : throw new S3Exception(S3Error.InvalidRequest, "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            }
        }

        return found;
    }

    private static ChecksumType? ExpectedChecksumType(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        return ChecksumNames.TryParseType(header.Trim(), out var type)
            ? type
            : throw new S3Exception(S3Error.InvalidRequest, "Value for x-amz-checksum-type header is invalid.");
    }

    private static ObjectChecksum? Checksum(XElement part)
    {
        foreach (var algorithm in Enum.GetValues<ChecksumAlgorithm>())
        {
            if (part.Child("Checksum" + ChecksumNames.Of(algorithm))?.Value.Trim() is { Length: > 0 } value)
            {
                return new ObjectChecksum(algorithm, value);
            }
        }

        return null;
    }

    /// <summary>The object's URL as the client addressed the bucket: http://host/bucket/key or http://bucket.host/key.</summary>
    private static string Location(S3Request request, string bucket, string key)
    {
        var http = request.HttpRequest;
        var host = http.Host.Value ?? "";
        var path = request.Services.Router.IsVirtualHosted(host) ? UriEncoding.EncodeText(key, keepSlash: true) : bucket + "/" + UriEncoding.EncodeText(key, keepSlash: true);
        return $"{http.Scheme}://{host}/{path}";
    }
}
