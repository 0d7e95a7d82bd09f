using Coffer.Engine.Model;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// Which blobs are still referenced, and the queue of those that are not. A blob can be shared by
/// several versions (a copy references its source's blobs), so it is released only when the
/// last version referencing it goes. A part's blob is held by its part row until completion
/// hands it to the new version.
/// </summary>
internal static class BlobReferences
{
    public static bool IsReferenced(SqliteSession session, BlobId blob)
    {
        var command = session.Command("SELECT EXISTS (SELECT 1 FROM version_blobs WHERE blob_id = $blob_id);");
        command.Parameters.AddWithValue("$blob_id", blob.Value);
        return command.ExecuteBoolean();
    }

    /// <summary>True when a version or a part of an open upload references the blob.</summary>
    public static bool IsHeld(SqliteSession session, BlobId blob)
    {
        var command = session.Command(
            "SELECT EXISTS (SELECT 1 FROM version_blobs WHERE blob_id = $blob_id) " +
            "OR EXISTS (SELECT 1 FROM upload_parts WHERE blob_id = $blob_id);");
        command.Parameters.AddWithValue("$blob_id", blob.Value);
        return command.ExecuteBoolean();
    }

    public static bool IsKnown(SqliteSession session, BlobId blob)
    {
        var command = session.Command(
            "SELECT EXISTS (SELECT 1 FROM version_blobs WHERE blob_id = $blob_id) " +
            "OR EXISTS (SELECT 1 FROM upload_parts WHERE blob_id = $blob_id) " +
            "OR EXISTS (SELECT 1 FROM pending_blob_deletions WHERE blob_id = $blob_id);");
        command.Parameters.AddWithValue("$blob_id", blob.Value);
        return command.ExecuteBoolean();
    }

    /// <summary>
    /// Queues for deletion each of <paramref name="candidates"/> that no version and no upload
    /// part references any more, and returns those. Call it after every row change of the transaction, so that a blob
    /// the new version keeps (a copy onto itself) is not released.
    /// </summary>
    public static List<BlobId> ReleaseUnreferenced(SqliteSession session, IEnumerable<BlobId> candidates, DateTimeOffset now)
    {
        var released = new List<BlobId>();
        foreach (var blob in candidates.Distinct())
        {
            if (IsHeld(session, blob))
            {
                continue;
            }

            var command = session.Command(
                "INSERT INTO pending_blob_deletions (blob_id, queued_at) VALUES ($blob_id, $queued_at) " +
                "ON CONFLICT (blob_id) DO NOTHING;");
            command.Parameters.AddWithValue("$blob_id", blob.Value);
            command.Parameters.AddWithValue("$queued_at", now.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
            released.Add(blob);
        }

        return released;
    }

    public static List<BlobId> Pending(SqliteSession session, int limit)
    {
        var command = session.Command("SELECT blob_id FROM pending_blob_deletions ORDER BY blob_id LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var pending = new List<BlobId>();
        while (reader.Read())
        {
            pending.Add(new BlobId(reader.GetString(0)));
        }

        return pending;
    }

    public static void Forget(SqliteSession session, IEnumerable<BlobId> blobs)
    {
        foreach (var blob in blobs)
        {
            var command = session.Command("DELETE FROM pending_blob_deletions WHERE blob_id = $blob_id;");
            command.Parameters.AddWithValue("$blob_id", blob.Value);
            command.ExecuteNonQuery();
        }
    }
}
