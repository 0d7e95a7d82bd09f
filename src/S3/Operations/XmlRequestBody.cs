using System.Security.Cryptography;

using Coffer.Engine.Checksums;
using Coffer.S3.Auth;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Xml;

using Microsoft.AspNetCore.Http;

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
        return await ReadCheckedAsync(request.HttpRequest.Headers, request.Auth, checksum, request.Aborted);
    }

    /// <summary>
    /// As <see cref="ReadAsync"/>, for the operations AWS's model marks as requiring a checksum of their document
    /// (PutObjectTagging, PutBucketTagging): without Content-MD5 or an x-amz-checksum-* value (header or trailer), S3
    /// answers 400 InvalidRequest before reading the body.
    /// </summary>
    public static Task<byte[]> ReadWithRequiredDigestAsync(S3Request request) =>
        ReadWithRequiredDigestAsync(request.HttpRequest.Headers, request.Auth, request.Aborted);

    /// <inheritdoc cref="ReadWithRequiredDigestAsync(S3Request)"/>
    /// <remarks>For a body read before the request is handed to its operation (see <see cref="Tagging.RequestTagSet"/>).</remarks>
    public static async Task<byte[]> ReadWithRequiredDigestAsync(IHeaderDictionary headers, AuthenticatedRequest auth, CancellationToken cancellationToken)
    {
        var checksum = ChecksumHeaders.Read(headers);
        if (Header(headers, "Content-MD5") is null && checksum is not ({ HeaderValue: not null } or { TrailerName: not null }))
        {
            throw new S3Exception(S3Error.InvalidRequest, "Missing required header for this request: Content-MD5 OR x-amz-checksum-*");
        }

        return await ReadCheckedAsync(headers, auth, checksum, cancellationToken);
    }

    private static async Task<byte[]> ReadCheckedAsync(IHeaderDictionary headers, AuthenticatedRequest auth, ChecksumRequest? checksum, CancellationToken cancellationToken)
    {
        var body = await XmlRequestReader.ReadBodyAsync(auth.Body, cancellationToken);
        if (PutObject.ContentMd5(Header(headers, "Content-MD5")) is { } md5 && !CryptographicOperations.FixedTimeEquals(md5, MD5.HashData(body)))
        {
            throw new S3Exception(S3Error.BadDigest);
        }

        if (checksum is not null && PutObject.ExpectedChecksum(auth, checksum)?.Invoke() is { } expected)
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

    private static string? Header(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) ? values.ToString() : null;
}
