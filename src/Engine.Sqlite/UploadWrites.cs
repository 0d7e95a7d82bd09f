using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// The transactions that change multipart uploads. Each runs
/// inside the writer's IMMEDIATE transaction and makes every check before its first change.
/// </summary>
internal static class UploadWrites
{
    public static CommitStatus Create(SqliteSession session, UploadInfo upload)
    {
        if (!BucketRows.Exists(session, upload.Bucket))
        {
            return CommitStatus.NoSuchBucket;
        }

        UploadRows.Insert(session, upload);
        return CommitStatus.Committed;
    }

    /// <summary>Discards every upload of a bucket that is being deleted; their blobs are queued for the collector.</summary>
    public static void DropAllOfBucket(SqliteSession session, string bucket, DateTimeOffset now)
    {
        var blobs = UploadRows.PartBlobsOfBucket(session, bucket);
        UploadRows.DeleteAllOfBucket(session, bucket);
        BlobReferences.ReleaseUnreferenced(session, blobs, now);
    }
}
