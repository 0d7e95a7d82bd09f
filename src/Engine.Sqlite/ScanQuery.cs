using Coffer.Engine.Model;
using Coffer.Engine.Storage;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// A page of latest versions in key order: one range seek on <c>object_versions_latest</c>, then
/// a walk of at most <c>limit</c> rows (plus any delete markers it skips). Never a bucket scan.
/// </summary>
internal static class ScanQuery
{
    private static readonly string[] Texts =
    [
        Text(fromInclusive: false, bounded: false),
        Text(fromInclusive: false, bounded: true),
        Text(fromInclusive: true, bounded: false),
        Text(fromInclusive: true, bounded: true),
    ];

    /// <summary>The SQL for a range with the given shape; four texts, each prepared once per connection.</summary>
    public static string For(bool fromInclusive, bool bounded) => Texts[(fromInclusive ? 2 : 0) + (bounded ? 1 : 0)];

    public static List<ObjectInfo> Run(SqliteSession session, string bucket, KeyRange range, int limit)
    {
        // Rows first, segments after: the segments of the whole page are one more query on the
        // same read transaction, so the page is one consistent snapshot.
        var rows = new List<(long Row, ObjectInfo Version)>();
        using (var reader = Command(session, bucket, range, limit).ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(VersionRows.Read(reader, bucket));
            }
        }

        return VersionRows.WithSegments(session, rows);
    }

    /// <summary>
    /// The prepared query for <paramref name="range"/>, its parameters bound. SQLite steps it one row
    /// per <c>Read</c>, so a caller that stops early leaves the rest of the range unread.
    /// </summary>
    public static SqliteCommand Command(SqliteSession session, string bucket, KeyRange range, int limit)
    {
        var command = session.Command(For(range.FromInclusive, range.Before is not null));
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$from", range.From);
        if (range.Before is not null)
        {
            command.Parameters.AddWithValue("$before", range.Before);
        }

        command.Parameters.AddWithValue("$limit", limit);
        return command;
    }

    // $from and $before are bound as BLOBs: they may be any bytes (a common prefix followed by
    // 0xFF is not UTF-8), and a BLOB only compares with memcmp against the BLOB keys.
    private static string Text(bool fromInclusive, bool bounded) =>
        $"SELECT {VersionRows.Columns} FROM object_versions INDEXED BY object_versions_latest " +
        "WHERE bucket = $bucket AND is_latest = 1 " +
        (fromInclusive ? "AND key >= $from " : "AND key > $from ") +
        (bounded ? "AND key < $before " : "") +
        "AND is_delete_marker = 0 ORDER BY key LIMIT $limit;";
}
