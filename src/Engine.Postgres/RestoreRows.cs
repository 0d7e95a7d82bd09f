using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>A version's restore (its columns and its copies in <c>restored_blobs</c>) and its Intelligent-Tiering state.</summary>
internal static class RestoreRows
{
    /// <summary>Replaces the version's restore (null: none), its copies included; returns the copies it had, candidates for release.</summary>
    public static List<BlobId> Set(NpgsqlConnection connection, long row, ArchiveRestore? restore)
    {
        var previous = VersionRows.BlobIds("SELECT blob_id FROM restored_blobs WHERE version_row = $1 ORDER BY seq", row).Rows(connection);
        Sql.Execute(
            connection,
            "UPDATE object_versions SET restore_requested_at = $2, restore_days = $3, restore_tier = $4, restore_ready_at = $5, " +
            "restore_expires_at = $6 WHERE id = $1",
            row,
            restore?.RequestedAt.Millis(),
            restore?.Days,
            restore is null ? null : RetrievalTierNames.ToStored(restore.Tier),
            restore?.ReadyAt.Millis(),
            restore?.ExpiresAt?.Millis());
        Sql.Execute(connection, "DELETE FROM restored_blobs WHERE version_row = $1", row);
        if (restore is { RestoredBlobs.Count: > 0 })
        {
            Sql.Execute(
                connection,
                "INSERT INTO restored_blobs (version_row, seq, blob_id) SELECT $1, * FROM unnest($2::integer[], $3::text[])",
                row,
                Enumerable.Range(0, restore.RestoredBlobs.Count).ToArray(),
                restore.RestoredBlobs.Select(blob => blob.Value).ToArray());
        }

        return previous;
    }

    /// <summary>
    /// Ongoing restores whose copy is due and done ones whose copy has expired, earliest first: the expression and the
    /// condition are object_versions_restores's, so the index is read in order and the cost follows the limit.
    /// </summary>
    public static Query<RestoreDue> Due(DateTimeOffset now, int limit) => new(
        "SELECT bucket, key, version_id FROM object_versions WHERE restore_requested_at IS NOT NULL " +
        "AND coalesce(restore_expires_at, restore_ready_at) <= $1 ORDER BY coalesce(restore_expires_at, restore_ready_at) LIMIT $2",
        [now.Millis(), limit],
        reader => new RestoreDue(reader.GetString(0), KeyBytes.Decode(reader.GetFieldValue<byte[]>(1)), reader.GetString(2)));

    public static void SetTiering(NpgsqlConnection connection, long row, TieringState? state) => VersionRows.Update(
        row, "access_tier = $2, last_accessed_at = $3", state is null ? null : AccessTierNames.ToStored(state.Tier), state?.LastAccessed.Millis())
        .Execute(connection);
}
