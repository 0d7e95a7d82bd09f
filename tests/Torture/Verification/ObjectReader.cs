using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

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
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId });
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
        catch (AmazonS3Exception error) when (error.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }
}
