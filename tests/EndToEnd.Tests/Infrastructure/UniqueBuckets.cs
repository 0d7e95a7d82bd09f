using Amazon.S3;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>A fresh bucket for each test, so that tests sharing a server never see each other's objects.</summary>
public static class UniqueBuckets
{
    /// <summary>Creates a bucket named after <paramref name="hint"/>; returns its name.</summary>
    public static async Task<string> CreateUniqueBucketAsync(this IAmazonS3 s3, string hint)
    {
        var bucket = CofferServer.UniqueBucket(hint);
        await s3.PutBucketAsync(bucket);
        return bucket;
    }
}
