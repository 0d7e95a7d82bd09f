using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// The two transactions that change versions. Each runs inside the writer's IMMEDIATE
/// transaction, and makes every check before its first change, so a failed check changes nothing.
/// </summary>
internal static class VersionWrites
{
    public static CommitOutcome Commit(
        SqliteSession session, ObjectInfo version, WriteCondition condition, BlobOrigin origin, DateTimeOffset now)
    {
        // 1. The bucket must exist (the foreign key would refuse the row anyway, less politely).
        if (!BucketRows.Exists(session, version.Bucket))
        {
            return CommitOutcome.Of(CommitStatus.NoSuchBucket);
        }

        // 2. Borrowed blobs must still be referenced. Between the caller reading the source and
        //    this transaction, an overwrite of the source may have released them, and the blob
        //    store may already have deleted the files; referencing them now would be data loss.
        if (origin == BlobOrigin.SharedWithStoredVersions
            && !version.Segments.All(segment => BlobReferences.IsReferenced(session, segment.Blob)))
        {
            return CommitOutcome.Of(CommitStatus.SourceGone);
        }

        // 3. The caller's condition, against the latest version as of this transaction.
        var key = KeyBytes.Encode(version.Key);
        var latest = VersionRows.FindLatestRow(session, version.Bucket, key);
        if (WriteConditions.Check(condition, latest) is { } failed)
        {
            return CommitOutcome.Of(failed);
        }

        // 4-6. Install the version, then 7. the release, which must come last so that a blob the
        //    new version still references (a copy onto itself) is kept.
        var candidates = Install(session, version, key, latest);
        return new CommitOutcome(CommitStatus.Committed, BlobReferences.ReleaseUnreferenced(session, candidates, now));
    }

    /// <summary>
    /// Makes <paramref name="version"/> the latest version of its key, after the caller's checks;
    /// returns the blobs of the version it replaced, to release once every row has changed.
    /// </summary>
    public static List<BlobId> Install(SqliteSession session, ObjectInfo version, byte[] key, LatestRow? latest)
    {
        // 4. A version with the same id is replaced (in an unversioned bucket, every version is
        //    "null"): its blobs become candidates for release.
        List<BlobId> candidates = [];
        var replaced = VersionRows.FindRow(session, version.Bucket, key, version.VersionId);
        if (replaced is { } replacedRow)
        {
            candidates = VersionRows.BlobsOf(session, replacedRow);
            VersionRows.Delete(session, replacedRow);
        }

        // 5. Any other latest version stays, as an older one. This must precede the insert: the
        //    partial unique index allows one latest row per key.
        if (latest is not null && latest.Row != replaced)
        {
            VersionRows.ClearLatest(session, latest.Row);
        }

        // 6. The new version.
        VersionRows.InsertLatest(session, version, key);
        return candidates;
    }

    public static CommitOutcome DeleteLatest(
        SqliteSession session, string bucket, string key, WriteCondition condition, DateTimeOffset now)
    {
        // 1. The bucket, then the version to delete, then the caller's condition.
        if (!BucketRows.Exists(session, bucket))
        {
            return CommitOutcome.Of(CommitStatus.NoSuchBucket);
        }

        var keyBytes = KeyBytes.Encode(key);
        var latest = VersionRows.FindLatestRow(session, bucket, keyBytes);
        if (latest is null)
        {
            return CommitOutcome.Of(CommitStatus.NotFound);
        }

        if (WriteConditions.Check(condition, latest) is { } failed)
        {
            return CommitOutcome.Of(failed);
        }

        // 2. Remove the version; an older one, if any, becomes the latest, as S3 does when the
        //    current version is deleted.
        var candidates = VersionRows.BlobsOf(session, latest.Row);
        VersionRows.Delete(session, latest.Row);
        VersionRows.PromoteNewest(session, bucket, keyBytes);

        // 3. Release what nothing references any more.
        return new CommitOutcome(CommitStatus.Committed, BlobReferences.ReleaseUnreferenced(session, candidates, now));
    }
}
