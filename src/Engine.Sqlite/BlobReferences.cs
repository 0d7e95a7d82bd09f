using Coffer.Engine.Model;

using Microsoft.Data.Sqlite;

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
        var command = session.Command(
            "SELECT EXISTS (SELECT 1 FROM version_blobs WHERE blob_id = $blob_id) " +
            "OR EXISTS (SELECT 1 FROM restored_blobs WHERE blob_id = $blob_id);");
        command.Parameters.AddWithValue("$blob_id", blob.Value);
        return command.ExecuteBoolean();
    }

    /// <summary>True when a version (or its restored copy) or a part of an open upload references the blob.</summary>
    public static bool IsHeld(SqliteSession session, BlobId blob)
    {
        var command = session.Command(
            "SELECT EXISTS (SELECT 1 FROM version_blobs WHERE blob_id = $blob_id) " +
            "OR EXISTS (SELECT 1 FROM restored_blobs WHERE blob_id = $blob_id) " +
            "OR EXISTS (SELECT 1 FROM upload_parts WHERE blob_id = $blob_id);");
        command.Parameters.AddWithValue("$blob_id", blob.Value);
        return command.ExecuteBoolean();
    }

    public static bool IsKnown(SqliteSession session, BlobId blob)
    {
        var command = session.Command(
            "SELECT EXISTS (SELECT 1 FROM version_blobs WHERE blob_id = $blob_id) " +
            "OR EXISTS (SELECT 1 FROM restored_blobs WHERE blob_id = $blob_id) " +
            "OR EXISTS (SELECT 1 FROM upload_parts WHERE blob_id = $blob_id) " +
            "OR EXISTS (SELECT 1 FROM pending_blob_deletions WHERE blob_id = $blob_id);");
        command.Parameters.AddWithValue("$blob_id", blob.Value);
        return command.ExecuteBoolean();
    }

    /// <summary>
    /// Queues for deletion each of <paramref name="candidates"/> that no version and no upload
    /// part references any more, and returns those (inline blobs are deleted at once instead). Call it after every row change of the transaction, so that a blob
    /// the new version keeps (a copy onto itself) is not released.
    /// </summary>
    public static List<BlobId> ReleaseUnreferenced(SqliteSession session, IEnumerable<BlobId> candidates, DateTimeOffset now)
    {
        var released = new List<BlobId>();
        foreach (var blob in candidates.Distinct())
        {
            // An inline blob's bytes go with its last reference, in this transaction: there is no
            // file to delete afterwards, so it is neither queued nor returned.
            if (IsHeld(session, blob) || InlineBlobs.Delete(session, blob))
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
        return ReadIds(command);
    }

    /// <summary>Runs a query whose first column is a blob id, and returns the ids in order.</summary>
    public static List<BlobId> ReadIds(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var blobs = new List<BlobId>();
        while (reader.Read())
        {
            blobs.Add(new BlobId(reader.GetString(0)));
        }

        return blobs;
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
