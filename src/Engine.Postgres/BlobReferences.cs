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

    public static bool IsReferenced(NpgsqlConnection connection, BlobId blob) => Test(InVersions, blob).First(connection);

    public static Query<bool> IsKnown(BlobId blob) =>
        Test($"{InVersions} OR {InParts} OR EXISTS (SELECT 1 FROM pending_blob_deletions WHERE blob_id = $1)", blob);

    /// <summary>
    /// Queues for deletion each candidate that no version and no part references any more, and returns those; an inline
    /// blob's bytes go at once instead, in this transaction (there is no file to delete afterwards), and it is not returned.
    /// </summary>
    public static List<BlobId> ReleaseUnreferenced(NpgsqlConnection connection, IEnumerable<BlobId> candidates, DateTimeOffset now)
    {
        var released = new List<BlobId>();
        foreach (var blob in candidates.Distinct())
        {
            if (Test($"{InVersions} OR {InParts}", blob).First(connection)
                || Sql.Execute(connection, "DELETE FROM inline_blobs WHERE blob_id = $1", blob.Value) > 0)
            {
                continue;
            }

            Sql.Execute(
                connection,
                "INSERT INTO pending_blob_deletions (blob_id, queued_at) VALUES ($1, $2) ON CONFLICT (blob_id) DO NOTHING",
                blob.Value,
                now.Millis());
            released.Add(blob);
        }

        return released;
    }

    public static Query<BlobId> Pending(int limit) =>
        VersionRows.BlobIds("SELECT blob_id FROM pending_blob_deletions ORDER BY blob_id LIMIT $1", limit);

    public static void Forget(NpgsqlConnection connection, IEnumerable<BlobId> blobs) =>
        Sql.Execute(connection, "DELETE FROM pending_blob_deletions WHERE blob_id = ANY($1)", (object)blobs.Select(blob => blob.Value).ToArray());

    private static Query<bool> Test(string condition, BlobId blob) => new($"SELECT {condition}", [blob.Value], reader => reader.GetBoolean(0));
}
