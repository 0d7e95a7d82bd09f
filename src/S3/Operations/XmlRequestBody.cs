using System.Security.Cryptography;

using Coffer.Engine.Checksums;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>The body of a request that carries an XML document (DeleteObjects, PutBucketCors...).</summary>
internal static class XmlRequestBody
{
    /// <summary>
    /// The whole body (capped by <see cref="XmlRequestReader"/>); BadDigest when it carries a
    /// Content-MD5 or an x-amz-checksum-* (header or trailer) that does not match. SDKs that
    /// compute flexible checksums send one of these instead of Content-MD5.
    /// </summary>
    public static async Task<byte[]> ReadAsync(S3Request request)
    {
        var checksum = ChecksumHeaders.Read(request.HttpRequest.Headers);
        return await ReadCheckedAsync(request, checksum);
    }

    /// <summary>
    /// As <see cref="ReadAsync"/>, for the operations AWS's model marks as requiring a checksum of their document
    /// (PutObjectTagging, PutBucketTagging): without Content-MD5 or an x-amz-checksum-* value (header or trailer), S3
    /// answers 400 InvalidRequest before reading the body.
    /// </summary>
    public static async Task<byte[]> ReadWithRequiredDigestAsync(S3Request request)
    {
        var checksum = ChecksumHeaders.Read(request.HttpRequest.Headers);
        if (request.Header("Content-MD5") is null && checksum is not ({ HeaderValue: not null } or { TrailerName: not null }))
        {
            throw new S3Exception(S3Error.InvalidRequest, "Missing required header for this request: Content-MD5 OR x-amz-checksum-*");
        }

        return await ReadCheckedAsync(request, checksum);
    }

    private static async Task<byte[]> ReadCheckedAsync(S3Request request, ChecksumRequest? checksum)
    {
        var body = await XmlRequestReader.ReadBodyAsync(request.Auth.Body, request.Aborted);
        if (PutObject.ContentMd5(request.Header("Content-MD5")) is { } md5 && !CryptographicOperations.FixedTimeEquals(md5, MD5.HashData(body)))
        {
            throw new S3Exception(S3Error.BadDigest);
        }

        if (checksum is not null && PutObject.ExpectedChecksum(request, checksum)?.Invoke() is { } expected)
        {
            using var hasher = ChecksumHasher.Create(checksum.Algorithm);
            hasher.Append(body);
            if (hasher.GetCurrentHashBase64() != expected)
            {
                throw new S3Exception(S3Error.BadDigest, $"The {ChecksumNames.Of(checksum.Algorithm)} you specified did not match the calculated checksum.");
            }
        }

        return body;
    }
}
