using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// The transactions that change multipart uploads. Like <see cref="VersionWrites"/>, each runs
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

    public static CommitOutcome Complete(
        SqliteSession session, UploadInfo upload, IReadOnlyList<SelectedPart> selection, ObjectInfo version, WriteCondition condition, DateTimeOffset now)
    {
        // 1. The upload must still be open (a concurrent complete or abort may have won).
        if (UploadRows.Find(session, upload.Bucket, upload.Key, upload.UploadId) is not { } found)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchUpload);
        }

        // 2. The parts the caller chose must still be the ones it read: an UploadPart that
        //    replaced one since then released the blob the caller saw.
        var parts = PartRows.Blobs(session, found.Row);
        if (selection.Any(chosen => !parts.TryGetValue(chosen.PartNumber, out var blob) || blob != chosen.Blob))
        {
            return CommitOutcome.Of(CommitStatus.InvalidPart);
        }

        // 3. The caller's condition, against the latest version as of this transaction.
        var key = KeyBytes.Encode(version.Key);
        var latest = VersionRows.FindLatestRow(session, version.Bucket, key);
        if (WriteConditions.Check(condition, latest) is { } failed)
        {
            return CommitOutcome.Of(failed);
        }

        // 4. The object, whose segments are the chosen parts' blobs: they pass from the part rows
        //    to version_blobs without a byte being copied.
        var candidates = VersionWrites.Install(session, version, key, latest);

        // 5. The upload and all its parts go; blobs of parts left out of the object are let go,
        //    with those of the replaced version. The release comes after every row change, so
        //    that no blob the new version holds is released.
        UploadRows.Delete(session, found.Row);
        var chosenBlobs = selection.Select(chosen => chosen.Blob).ToHashSet();
        candidates.AddRange(parts.Values.Where(blob => !chosenBlobs.Contains(blob)));
        return new CommitOutcome(CommitStatus.Committed, BlobReferences.ReleaseUnreferenced(session, candidates, now));
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
