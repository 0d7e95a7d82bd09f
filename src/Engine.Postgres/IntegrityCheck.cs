using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// The store's own invariants, checked with a few queries in one snapshot (PostgreSQL checks its pages itself and has
/// no PRAGMA integrity_check; foreign keys it enforces on every change). Each breach would lose or leak data:
/// <list type="bullet">
/// <item>a blob queued for deletion that a version, a restored copy or an upload part still references (the collector
/// would delete live bytes);</item>
/// <item>a key with versions but no latest one, or with more than one (object_versions_latest forbids the second; the
/// query proves it);</item>
/// <item>a key whose versions repeat a seq (object_versions_by_key forbids it), which would make their order unknowable;</item>
/// <item>inline bytes that no segment names any more (they are deleted with their last reference, so these leaked).</item>
/// </list>
/// Every query reads whole tables: this is an operator's check, not a request's.
/// </summary>
internal static class IntegrityCheck
{
    private static readonly (string Text, Func<NpgsqlDataReader, string> Problem)[] Checks =
    [
        (
            "SELECT blob_id FROM pending_blob_deletions AS p WHERE EXISTS (SELECT 1 FROM version_blobs AS v WHERE v.blob_id = p.blob_id) " +
            "OR EXISTS (SELECT 1 FROM restored_blobs AS r WHERE r.blob_id = p.blob_id) OR EXISTS (SELECT 1 FROM upload_parts AS u WHERE u.blob_id = p.blob_id)",
            reader => $"Blob {reader.GetString(0)} is queued for deletion but still referenced."
        ),
        (
            "SELECT bucket, encode(key, 'hex'), count(*) FILTER (WHERE is_latest) FROM object_versions GROUP BY bucket, key " +
            "HAVING count(*) FILTER (WHERE is_latest) <> 1",
            reader => $"Key 0x{reader.GetString(1)} in bucket {reader.GetString(0)} has {reader.GetInt64(2)} latest versions, not one."
        ),
        (
            "SELECT bucket, encode(key, 'hex'), seq FROM object_versions GROUP BY bucket, key, seq HAVING count(*) > 1",
            reader => $"Key 0x{reader.GetString(1)} in bucket {reader.GetString(0)} has several versions with seq {reader.GetInt64(2)}."
        ),
        (
            "SELECT blob_id FROM inline_blobs AS i WHERE NOT EXISTS (SELECT 1 FROM version_blobs AS v WHERE v.blob_id = i.blob_id)",
            reader => $"Inline blob {reader.GetString(0)} is referenced by no version."
        ),
    ];

    public static async Task<List<string>> RunAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var (text, problem) in Checks)
        {
            problems.AddRange(await new Query<string>(text, [], problem).RowsAsync(connection, cancellationToken));
        }

        return problems;
    }
}
