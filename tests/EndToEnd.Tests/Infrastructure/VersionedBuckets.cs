using Amazon.S3;
using Amazon.S3.Model;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>Buckets with versioning enabled, as the versioning, tagging, rewind and backup-tool tests start from.</summary>
public static class VersionedBuckets
{
    /// <summary>Creates a bucket named after <paramref name="hint"/> and enables versioning on it; returns its name.</summary>
    public static async Task<string> CreateVersionedBucketAsync(this IAmazonS3 s3, string hint)
    {
        var bucket = CofferServer.UniqueBucket(hint);
        await s3.PutBucketAsync(bucket);
        await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        });
        return bucket;
    }
}
