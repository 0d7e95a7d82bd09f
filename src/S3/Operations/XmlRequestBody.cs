using System.Security.Cryptography;

using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>The body of a request that carries an XML document (DeleteObjects, PutBucketCors...).</summary>
internal static class XmlRequestBody
{
    /// <summary>The whole body (capped by <see cref="XmlRequestReader"/>); BadDigest when it carries a Content-MD5 that does not match.</summary>
    public static async Task<byte[]> ReadAsync(S3Request request)
    {
        var body = await XmlRequestReader.ReadBodyAsync(request.Auth.Body, request.Aborted);
        if (PutObject.ContentMd5(request.Header("Content-MD5")) is { } md5 && !CryptographicOperations.FixedTimeEquals(md5, MD5.HashData(body)))
        {
            throw new S3Exception(S3Error.BadDigest);
        }

        return body;
    }
}
