using System.Net;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Torture.Model;

namespace Coffer.Torture.Verification;

public static class ObjectReader
{
    /// <summary>
    /// The object's (or the named version's) digest as it streams in, so nothing large is held;
    /// null when there is no such key, or its current version is a delete marker.
    /// </summary>
    public static async Task<FoundObject?> ReadAsync(IAmazonS3 s3, string bucket, string key, string? versionId = null)
    {
        try
        {
            return await DigestAsync(s3, new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId });
        }
        catch (AmazonS3Exception error) when (error.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    /// <summary>
    /// The object as <see cref="ReadAsync"/> reads it, and how a HEAD says it is sealed. An SSE-C object must refuse a
    /// GET without its key (400 InvalidRequest, as S3); it is then read, and HEADed, with the run's customer key.
    /// </summary>
    public static async Task<FoundObject?> ReadSealedAsync(IAmazonS3 s3, string bucket, string key, SealingKeys keys)
    {
        var head = new GetObjectMetadataRequest { BucketName = bucket, Key = key };
        FoundObject? found;
        try
        {
            found = await ReadAsync(s3, bucket, key);
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.BadRequest && error.ErrorCode == "InvalidRequest")
        {
            var get = new GetObjectRequest { BucketName = bucket, Key = key };
            keys.Open(get);
            keys.Open(head);
            found = await DigestAsync(s3, get);
        }

        return found is null ? null : found with { Sealing = SealingKeys.Of(await s3.GetObjectMetadataAsync(head)) };
    }

    private static async Task<FoundObject> DigestAsync(IAmazonS3 s3, GetObjectRequest request)
    {
        using var response = await s3.GetObjectAsync(request);
        return await DigestAsync(response);
    }

    /// <summary>The body of a GET that answered, digested as it streams in.</summary>
    public static async Task<FoundObject> DigestAsync(GetObjectResponse response)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[128 * 1024];
        long length = 0;
        int read;
        while ((read = await response.ResponseStream.ReadAsync(buffer)) > 0)
        {
            sha256.AppendData(buffer, 0, read);
            length += read;
        }

        return new FoundObject(length, Convert.ToHexStringLower(sha256.GetHashAndReset()), response.ETag.Trim('"'));
    }
}
