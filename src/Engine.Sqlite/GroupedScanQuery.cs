using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// A listing page with common prefixes, as one SQL statement: a recursive walk that seeks from
/// each key to the next one, jumping past a whole common prefix when the key lies under one. So a
/// common prefix costs one index seek and one row, not a walk of its keys, and the page is one
/// snapshot. The seeks run inside SQLite: issued one statement each from here, the per-execution
/// cost of binding and reader setup outweighed the seeks themselves (a page of 1,000 prefixes
/// took some 40 ms that way).
/// </summary>
internal static class GroupedScanQuery
{
    // Every UTF-8 key sorts before this byte, so it bounds a range that has no upper bound.
    private static readonly byte[] PastEveryKey = [0xFF];

    // The walk's columns follow the version's in each row.
    private static readonly int WalkKeyColumn = VersionRows.Columns.Split(',').Length;

    private static readonly string[] Texts = [Text(fromInclusive: false), Text(fromInclusive: true)];

    public static List<ScanEntry> Run(
        SqliteSession session, string bucket, ReadOnlySpan<byte> after, bool inclusive, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> delimiter, int limit)
    {
        var entries = new List<ScanEntry>(Math.Min(limit, 1024));
        if (limit <= 0)
        {
            return entries;
        }

        // Entries in order; the versions among them are filled in with their segments at the end.
        var versions = new List<(long Row, ObjectInfo Version)>();
        var range = KeyRange.For(after, inclusive, prefix);
        var command = session.Command(Texts[range.FromInclusive ? 1 : 0]);
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$from", range.From);
        command.Parameters.AddWithValue("$before", range.Before ?? PastEveryKey);
        command.Parameters.AddWithValue("$skip", prefix.Length + 1);
        command.Parameters.AddWithValue("$delimiter", delimiter.ToArray());
        command.Parameters.AddWithValue("$limit", limit);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var commonPrefixLength = reader.GetInt32(WalkKeyColumn + 1);
                if (commonPrefixLength > 0)
                {
                    var key = reader.GetFieldValue<byte[]>(WalkKeyColumn);
                    entries.Add(new ScanEntry(KeyBytes.Decode(key[..commonPrefixLength]), null));
                    continue;
                }

                var version = VersionRows.Read(reader, bucket);
                entries.Add(new ScanEntry(version.Version.Key, version.Version));
                versions.Add(version);
            }
        }

        if (versions.Count == 0)
        {
            return entries;
        }

        var complete = VersionRows.WithSegments(session, versions);
        for (int i = 0, next = 0; i < entries.Count; i++)
        {
            if (!entries[i].IsCommonPrefix)
            {
                entries[i] = entries[i] with { Version = complete[next++] };
            }
        }

        return entries;
    }

    /// <summary>
    /// The statement. <c>walk</c> holds the page's keys in order, each the first live key after
    /// the one before it, or, when that one lies under a common prefix, after the prefix followed
    /// by 0xFF (no UTF-8 key holds that byte, so every key under the prefix sorts before it).
    /// <c>grouped</c> adds the common prefix's length in bytes (0 for a key that is not under one).
    /// Only keys not under a prefix are joined to their version rows. Keys, bounds and the
    /// delimiter are BLOBs and compare bytewise; <c>substr</c> and <c>instr</c> count bytes on BLOBs,
    /// and the concatenation is cast back to a BLOB so that it compares as one.
    /// </summary>
    private static string Text(bool fromInclusive) =>
        "WITH RECURSIVE " +
        Walk(fromInclusive, "object_versions_latest", "is_latest = 1 AND is_delete_marker = 0") + ", " +
        $"grouped(n, wkey, prefix_length) AS (SELECT n, wkey, {PrefixLength} FROM walk WHERE wkey IS NOT NULL) " +
        $"SELECT {QualifiedColumns}, g.wkey, g.prefix_length FROM grouped AS g " +
        "LEFT JOIN object_versions AS v INDEXED BY object_versions_latest " +
        "ON g.prefix_length = 0 AND v.bucket = $bucket AND v.key = g.wkey AND v.is_latest = 1 " +
        "ORDER BY g.n;";

    /// <summary>
    /// The common table <c>walk(n, wkey)</c>: at most <c>$limit</c> keys of the rows of <paramref name="index"/> that meet
    /// <paramref name="condition"/>, in order, each the first after the one before it, or after its common prefix
    /// followed by 0xFF when it lies under one. Also walks every version (ListObjectVersions), where one seek passes
    /// all of a key's versions at once.
    /// </summary>
    public static string Walk(bool fromInclusive, string index, string condition)
    {
        var nextKey =
            $"SELECT key FROM object_versions INDEXED BY {index} " +
            $"WHERE bucket = $bucket AND {condition} AND key < $before AND key {{0}} ORDER BY key LIMIT 1";
        var first = string.Format(System.Globalization.CultureInfo.InvariantCulture, nextKey, fromInclusive ? ">= $from" : "> $from");
        var next = string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            nextKey,
            $"> (CASE WHEN {DelimiterAt} > 0 THEN CAST(substr(wkey, 1, {PrefixEnd}) || x'FF' AS BLOB) ELSE wkey END)");
        return $"walk(n, wkey) AS (SELECT 0, ({first}) UNION ALL SELECT n + 1, ({next}) FROM walk WHERE wkey IS NOT NULL LIMIT $limit)";
    }

    /// <summary>The length in bytes of the common prefix <c>wkey</c> lies under, or 0 when none (see <see cref="Walk"/>).</summary>
    public const string PrefixLength = $"CASE WHEN {DelimiterAt} > 0 THEN {PrefixEnd} ELSE 0 END";

    private const string DelimiterAt = "instr(substr(wkey, $skip), $delimiter)";

    private const string PrefixEnd = $"($skip - 1 + {DelimiterAt} + length($delimiter) - 1)";

    private static string QualifiedColumns =>
        string.Join(", ", VersionRows.Columns.Split(',', StringSplitOptions.TrimEntries).Select(column => "v." + column));
}
