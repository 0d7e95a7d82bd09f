namespace Coffer.Engine.Sqlite;

/// <summary>
/// SQLite's own checks of the file, plus the store's invariants whose breach would lose data:
/// a blob queued for deletion must not be referenced (by a version or an upload part), and a key
/// with versions has a latest one.
/// </summary>
internal static class IntegrityCheck
{
    public static List<string> Run(SqliteSession session)
    {
        var problems = new List<string>();

        using (var reader = session.Command("PRAGMA integrity_check;").ExecuteReader())
        {
            while (reader.Read())
            {
                var line = reader.GetString(0);
                if (line != "ok")
                {
                    problems.Add(line);
                }
            }
        }

        using (var reader = session.Command("PRAGMA foreign_key_check;").ExecuteReader())
        {
            while (reader.Read())
            {
                // Tables WITHOUT ROWID report no rowid.
                var row = reader.IsDBNull(1) ? "a row" : $"row {reader.GetInt64(1)}";
                problems.Add($"Foreign key violation: {row} of {reader.GetString(0)} names a missing row of {reader.GetString(2)}.");
            }
        }

        using (var reader = session.Command(
            "SELECT blob_id FROM pending_blob_deletions AS p " +
            "WHERE EXISTS (SELECT 1 FROM version_blobs AS v WHERE v.blob_id = p.blob_id) " +
            "OR EXISTS (SELECT 1 FROM restored_blobs AS r WHERE r.blob_id = p.blob_id) " +
            "OR EXISTS (SELECT 1 FROM upload_parts AS u WHERE u.blob_id = p.blob_id);").ExecuteReader())
        {
            while (reader.Read())
            {
                problems.Add($"Blob {reader.GetString(0)} is queued for deletion but still referenced.");
            }
        }

        using (var reader = session.Command(
            "SELECT bucket, hex(key) FROM object_versions GROUP BY bucket, key HAVING max(is_latest) = 0;").ExecuteReader())
        {
            while (reader.Read())
            {
                problems.Add($"Key 0x{reader.GetString(1)} in bucket {reader.GetString(0)} has versions but no latest one.");
            }
        }

        return problems;
    }
}
