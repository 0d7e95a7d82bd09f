using Coffer.Engine.Model;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// Which blobs are still referenced, and the queue of those that are not. A blob may be shared by several versions (a
/// copy references its source's), so it is released only when the last reference goes; a part's blob is held by its
/// part row until completion hands it to the new version.
/// </summary>
internal static class BlobReferences
{
    private const string InVersions =
        "EXISTS (SELECT 1 FROM version_blobs WHERE blob_id = $1) OR EXISTS (SELECT 1 FROM restored_blobs WHERE blob_id = $1)";

    private const string InParts = "EXISTS (SELECT 1 FROM upload_parts WHERE blob_id = $1)";

    // The writers run REPEATABLE READ: each transaction reads one snapshot, and two that read each other's rows but
    // write different ones both commit. Sharing a blob and releasing it are such a pair: a copy that checks its source's
    // blob is still referenced cannot see a delete committed after its snapshot, and the delete, checking whether the
    // blob is still referenced elsewhere, cannot see the copy's new reference; both commit, and the copy points at a blob
    // queued for deletion. So both sides update the referencing rows to themselves instead of only reading them: then
    // they write the same rows, and whichever commits second is aborted (a serialization failure) and runs again on what
    // the first committed. The same holds two deletes of the versions that share a blob, each of which would otherwise
    // see the other's reference and leave the blob unreleased.
    private const string TouchedInVersions =
        "WITH versions AS (UPDATE version_blobs SET blob_id = blob_id WHERE blob_id = $1 RETURNING 1), " +
        "restored AS (UPDATE restored_blobs SET blob_id = blob_id WHERE blob_id = $1 RETURNING 1) " +
        "SELECT EXISTS (SELECT 1 FROM versions) OR EXISTS (SELECT 1 FROM restored)";

    /// <summary>True when a version (or its restored copy) references the blob; asked by a commit about to share it.</summary>
    public static Query<bool> IsReferenced(BlobId blob) => new(TouchedInVersions, [blob.Value], reader => reader.GetBoolean(0));

    /// <summary>True when a version (or its restored copy) or a part of an open upload references the blob.</summary>
    public static Query<bool> IsHeld(BlobId blob) => Test($"{InVersions} OR {InParts}", blob);

    public static Query<bool> IsKnown(BlobId blob) =>
        Test($"{InVersions} OR {InParts} OR EXISTS (SELECT 1 FROM pending_blob_deletions WHERE blob_id = $1)", blob);

    /// <summary>
    /// Queues for deletion each candidate that no version and no part references any more, and returns those; an inline
    /// blob's bytes go at once instead, in this transaction (there is no file to delete afterwards), and it is not returned.
    /// One statement for all the candidates, touching the rows that reference them as <see cref="IsReferenced"/> does.
    /// </summary>
    public static Query<BlobId> Release(IEnumerable<BlobId> candidates, DateTimeOffset now) => VersionRows.BlobIds(
        "WITH candidate AS (SELECT blob_id, min(n) AS n FROM unnest($1::text[]) WITH ORDINALITY AS c (blob_id, n) GROUP BY blob_id), " +
        "versions AS (UPDATE version_blobs SET blob_id = blob_id WHERE blob_id = ANY($1) RETURNING blob_id), " +
        "restored AS (UPDATE restored_blobs SET blob_id = blob_id WHERE blob_id = ANY($1) RETURNING blob_id), " +
        "unreferenced AS (SELECT c.blob_id, c.n FROM candidate AS c WHERE NOT EXISTS (SELECT 1 FROM versions AS v WHERE v.blob_id = c.blob_id) " +
        "AND NOT EXISTS (SELECT 1 FROM restored AS r WHERE r.blob_id = c.blob_id) AND NOT EXISTS (SELECT 1 FROM upload_parts AS p WHERE p.blob_id = c.blob_id)), " +
        "inline AS (DELETE FROM inline_blobs WHERE blob_id IN (SELECT blob_id FROM unreferenced) RETURNING blob_id), " +
        "files AS (SELECT blob_id, n FROM unreferenced WHERE blob_id NOT IN (SELECT blob_id FROM inline)), " +
        "queued AS (INSERT INTO pending_blob_deletions (blob_id, queued_at) SELECT blob_id, $2 FROM files ON CONFLICT (blob_id) DO NOTHING) " +
        "SELECT blob_id FROM files ORDER BY n",
        candidates.Select(blob => blob.Value).ToArray(),
        now.Millis());

    public static IReadOnlyList<BlobId> ReleaseUnreferenced(NpgsqlConnection connection, IEnumerable<BlobId> candidates, DateTimeOffset now) =>
        candidates.Any() ? Release(candidates, now).Rows(connection) : [];

    public static Query<BlobId> Pending(int limit) =>
        VersionRows.BlobIds("SELECT blob_id FROM pending_blob_deletions ORDER BY blob_id LIMIT $1", limit);

    public static void Forget(NpgsqlConnection connection, IEnumerable<BlobId> blobs) =>
        Sql.Execute(connection, "DELETE FROM pending_blob_deletions WHERE blob_id = ANY($1)", (object)blobs.Select(blob => blob.Value).ToArray());

    private static Query<bool> Test(string condition, BlobId blob) => new($"SELECT {condition}", [blob.Value], reader => reader.GetBoolean(0));
}
