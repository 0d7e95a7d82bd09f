using Coffer.Engine.Ports;

namespace Coffer.Engine.Buckets;

/// <summary>S3's rules for changing a bucket as a whole, run inside one write transaction over <see cref="IBucketTransaction"/>.</summary>
public static class BucketRules
{
    /// <summary>
    /// DeleteBucket: only a bucket that holds no version at all goes (older versions and delete markers keep it, as in
    /// S3). Its open uploads do not keep it: they go with it, and their part blobs are released.
    /// </summary>
    public static DeleteBucketOutcome Delete(IBucketTransaction bucketTx)
    {
        if (!bucketTx.Exists())
        {
            return DeleteBucketOutcome.NotFound;
        }

        if (bucketTx.HasVersions())
        {
            return DeleteBucketOutcome.NotEmpty;
        }

        var parts = bucketTx.RemoveUploads();
        bucketTx.Remove();
        bucketTx.ReleaseUnreferenced(parts);
        return DeleteBucketOutcome.Deleted;
    }
}
