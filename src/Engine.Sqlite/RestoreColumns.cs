using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// The restore of an archived version (schema step 15): its columns on <c>object_versions</c> and its copies in
/// <c>restored_blobs</c>, bound and read in one place. The stored words are part of the database format.
/// </summary>
internal static class RestoreColumns
{
    /// <summary>The columns, in the order <see cref="Read"/> expects them.</summary>
    public const string Names = "restore_requested_at, restore_days, restore_tier, restore_ready_at, restore_expires_at";

    public const int Count = 5;

    public static ArchiveRestore? Read(SqliteDataReader reader, int first) =>
        reader.IsDBNull(first)
            ? null
            : new ArchiveRestore
            {
                RequestedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first)),
                Days = reader.GetInt32(first + 1),
                Tier = RetrievalTierNames.FromStored(reader.GetString(first + 2)),
                ReadyAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 3)),
                ExpiresAt = reader.IsDBNull(first + 4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 4)),
            };

    /// <summary>The version with its restored copies, when it has a done restore; as it is otherwise.</summary>
    public static ObjectInfo WithRestoredBlobs(SqliteSession session, long row, ObjectInfo version)
    {
        if (version.Restore is not { IsOngoing: false } restore)
        {
            return version;
        }

        var command = session.Command("SELECT blob_id FROM restored_blobs WHERE version_row = $row ORDER BY seq;");
        command.Parameters.AddWithValue("$row", row);
        return version with { Restore = restore with { RestoredBlobs = BlobReferences.ReadIds(command) } };
    }

    /// <summary>
    /// Replaces the version's restore with <paramref name="restore"/> (null: none), its copies included; returns the
    /// copies it had, candidates for release.
    /// </summary>
    public static List<BlobId> Set(SqliteSession session, long row, ArchiveRestore? restore)
    {
        var old = session.Command("SELECT blob_id FROM restored_blobs WHERE version_row = $row ORDER BY seq;");
        old.Parameters.AddWithValue("$row", row);
        var previous = BlobReferences.ReadIds(old);

        var update = session.Command(
            "UPDATE object_versions SET restore_requested_at = $requested, restore_days = $days, restore_tier = $tier, " +
            "restore_ready_at = $ready, restore_expires_at = $expires WHERE id = $row;");
        var parameters = update.Parameters;
        parameters.AddWithValue("$row", row);
        parameters.AddWithValue("$requested", restore is null ? DBNull.Value : restore.RequestedAt.ToUnixTimeMilliseconds());
        parameters.AddWithValue("$days", restore is null ? DBNull.Value : restore.Days);
        parameters.AddWithValue("$tier", restore is null ? DBNull.Value : RetrievalTierNames.ToStored(restore.Tier));
        parameters.AddWithValue("$ready", restore is null ? DBNull.Value : restore.ReadyAt.ToUnixTimeMilliseconds());
        parameters.AddWithValue("$expires", restore?.ExpiresAt is { } expires ? expires.ToUnixTimeMilliseconds() : DBNull.Value);
        update.ExecuteNonQuery();

        var clear = session.Command("DELETE FROM restored_blobs WHERE version_row = $row;");
        clear.Parameters.AddWithValue("$row", row);
        clear.ExecuteNonQuery();
        if (restore is not null)
        {
            var insert = session.Command("INSERT INTO restored_blobs (version_row, seq, blob_id) VALUES ($row, $seq, $blob_id);");
            for (var seq = 0; seq < restore.RestoredBlobs.Count; seq++)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$row", row);
                insert.Parameters.AddWithValue("$seq", seq);
                insert.Parameters.AddWithValue("$blob_id", restore.RestoredBlobs[seq].Value);
                insert.ExecuteNonQuery();
            }
        }

        return previous;
    }

    /// <summary>
    /// The restores that need the worker at <paramref name="now"/>: ongoing ones whose copy is due, done ones whose
    /// copy has expired; earliest first, at most <paramref name="limit"/>.
    /// </summary>
    public static List<RestoreDue> Due(SqliteSession session, DateTimeOffset now, int limit)
    {
        // The expression and the WHERE clause match object_versions_restores, so SQLite reads the index in order.
        var command = session.Command(
            "SELECT bucket, key, version_id FROM object_versions INDEXED BY object_versions_restores " +
            "WHERE restore_requested_at IS NOT NULL AND coalesce(restore_expires_at, restore_ready_at) <= $now " +
            "ORDER BY coalesce(restore_expires_at, restore_ready_at) LIMIT $limit;");
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var due = new List<RestoreDue>();
        while (reader.Read())
        {
            due.Add(new RestoreDue(reader.GetString(0), KeyBytes.Decode(reader.GetFieldValue<byte[]>(1)), reader.GetString(2)));
        }

        return due;
    }
}
