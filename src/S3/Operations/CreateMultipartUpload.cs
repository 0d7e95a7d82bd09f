using Coffer.Engine.Checksums;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.S3.Acls;
using Coffer.S3.Encryption;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.ObjectLock;
using Coffer.S3.Tagging;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// Starts an upload. Everything the object will carry besides its bytes is given here, as for
/// PutObject (content headers, user metadata, storage class), plus the checksum algorithm that
/// every part will be checksummed with.
/// </summary>
internal static class CreateMultipartUpload
{
    public static async Task HandleAsync(S3Request request)
    {
        var headers = request.HttpRequest.Headers;
        var (algorithm, type) = Checksum(request);
        var bucket = Names.Bucket(request);
        var lockRequest = ObjectLockHeaders.Read(headers, request.Services.Clock.GetUtcNow());
        var customerKey = CustomerKeyHeader.Read(headers);
        var upload = await request.Services.Multipart.CreateAsync(
            new CreateUploadRequest
            {
                Bucket = bucket,
                Key = Names.Key(request),
                KeyUse = request.KeyUse,
                CustomerKey = customerKey,
                Attributes = new ObjectAttributes
                {
                    Headers = ObjectHeaderReader.Read(headers),
                    StorageClass = ObjectHeaderReader.StorageClass(headers),
                    Owner = request.Principal,
                    Tags = TaggingHeader.Read(headers),

                    // Fixed now and carried onto the completed object, as S3 does.
                    Acl = await ResourceAcls.FromObjectWriteAsync(request, bucket),
                    Retention = lockRequest.Retention,
                    LegalHold = lockRequest.LegalHold,
                    Encryption = ServerSideEncryptionHeader.Read(headers),
                },
                ChecksumAlgorithm = algorithm,
                ChecksumType = type,
            },
            request.Aborted);

        ServerSideEncryptionHeader.Write(request.Response.Headers, upload.Attributes, withContext: true);
        CustomerKeyHeader.Write(request.Response.Headers, upload.Attributes, customerKey);
        if (upload.ChecksumAlgorithm is { } chosen)
        {
            request.Response.Headers["x-amz-checksum-algorithm"] = ChecksumNames.Of(chosen);
            request.Response.Headers["x-amz-checksum-type"] = ChecksumNames.Of(MultipartChecksum.Kind(upload).Type);
        }

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("InitiateMultipartUploadResult", S3Xml.Namespace);
            xml.WriteElementString("Bucket", upload.Bucket);
            xml.WriteElementString("Key", upload.Key);
            xml.WriteElementString("UploadId", upload.UploadId);
            xml.WriteEndElement();
        }, request.Aborted);
    }

    /// <summary>
    /// x-amz-checksum-algorithm and x-amz-checksum-type, with S3's rules for combining them: a
    /// type needs an algorithm; CRC64NVME is full-object only; SHA1 and SHA256 are composite only.
    /// </summary>
    private static (ChecksumAlgorithm? Algorithm, ChecksumType? Type) Checksum(S3Request request)
    {
        var algorithmHeader = request.Header("x-amz-checksum-algorithm")?.Trim();
        var typeHeader = request.Header("x-amz-checksum-type")?.Trim();
        if (string.IsNullOrEmpty(algorithmHeader))
        {
            return string.IsNullOrEmpty(typeHeader)
                ? (null, null)
                : throw new S3Exception(S3Error.InvalidRequest, "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
        }

        if (!ChecksumNames.TryParse(algorithmHeader, out var algorithm))
        {
            throw new S3Exception(
                S3Error.InvalidRequest,
                "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        }

        if (string.IsNullOrEmpty(typeHeader))
        {
            return (algorithm, null);
        }

        if (!ChecksumNames.TryParseType(typeHeader, out var type))
        {
            throw new S3Exception(S3Error.InvalidRequest, "Value for x-amz-checksum-type header is invalid.");
        }

        return MultipartChecksum.IsSupported(algorithm, type)
            ? (algorithm, type)
            : throw new S3Exception(
                S3Error.InvalidRequest,
                $"The {ChecksumNames.Of(type)} checksum type cannot be used with the {ChecksumNames.Of(algorithm).ToLowerInvariant()} checksum algorithm.");
    }
}
