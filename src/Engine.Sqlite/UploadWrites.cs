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

    public static CommitOutcome PutPart(SqliteSession session, string bucket, string key, string uploadId, PartInfo part, DateTimeOffset now)
    {
        if (UploadRows.Find(session, bucket, key, uploadId) is not { } upload)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchUpload);
        }

        // A retried request may name the same blob again; only a different one is let go.
        var replaced = PartRows.Upsert(session, upload.Row, part);
        return replaced is { } old && old != part.Blob
            ? new CommitOutcome(CommitStatus.Committed, BlobReferences.ReleaseUnreferenced(session, [old], now))
            : CommitOutcome.Of(CommitStatus.Committed);
    }

    public static CommitOutcome Abort(SqliteSession session, string bucket, string key, string uploadId, DateTimeOffset now)
    {
        if (UploadRows.Find(session, bucket, key, uploadId) is not { } found)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchUpload);
        }

        var blobs = PartRows.Blobs(session, found.Row).Values.ToList();
        UploadRows.Delete(session, found.Row);
        return new CommitOutcome(CommitStatus.Committed, BlobReferences.ReleaseUnreferenced(session, blobs, now));
    }

    /// <summary>Discards every upload of a bucket that is being deleted; their blobs are queued for the collector.</summary>
    public static void DropAllOfBucket(SqliteSession session, string bucket, DateTimeOffset now)
    {
        var blobs = UploadRows.PartBlobsOfBucket(session, bucket);
        UploadRows.DeleteAllOfBucket(session, bucket);
        BlobReferences.ReleaseUnreferenced(session, blobs, now);
    }
}
