using System.Text;

using Coffer.Engine.Listing;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// A page of ListObjectVersions: every version, by key, newest first within a key. <c>object_versions_by_key</c>
/// holds a key's versions in stored order (oldest first), and a query ordered by key then id descending would sort
/// each key's versions (a key with 100,000 versions: all of them, for one page). So a page is read in the index's own
/// order and turned around in memory, with at most three statements, none of which sorts:
/// <list type="number">
/// <item>After a version: the versions of its key below it, newest first (a backward range seek inside one key).</item>
/// <item>The keys after that, in index order (key, then oldest first), at most a page of rows; every key but the last
/// one read is complete and is reversed here.</item>
/// <item>When that read filled the page, the last key may go on past it: its newest versions, read backwards. This
/// always fills the page, so there is no fourth statement.</item>
/// </list>
/// With a delimiter, step 2 is a walk over keys (as in <see cref="GroupedScanQuery"/>) that jumps past each common
/// prefix, then one read of the versions of the keys it found.
/// </summary>
internal static class VersionScanQuery
{
    // Every UTF-8 key sorts before this byte, so it bounds a range that has no upper bound.
    private static readonly byte[] PastEveryKey = [0xFF];

    private static readonly string[] RangeTexts =
    [
        RangeText(fromInclusive: false, bounded: false),
        RangeText(fromInclusive: false, bounded: true),
        RangeText(fromInclusive: true, bounded: false),
        RangeText(fromInclusive: true, bounded: true),
    ];

    private static readonly string[] WalkTexts = [WalkText(fromInclusive: false), WalkText(fromInclusive: true)];

    /// <summary>Versions of one key below a row id, newest first: a backward seek inside the key.</summary>
    public const string OlderText =
        $"SELECT {VersionRows.Columns} FROM object_versions INDEXED BY object_versions_by_key " +
        "WHERE bucket = $bucket AND key = $key AND id < $below ORDER BY id DESC LIMIT $limit;";

    /// <summary>The versions of the keys a grouped walk found (hex in a JSON array), in index order.</summary>
    public const string OfKeysText =
        $"SELECT {VersionRows.Columns} FROM object_versions INDEXED BY object_versions_by_key " +
        "WHERE bucket = $bucket AND key IN (SELECT unhex(value) FROM json_each($keys)) ORDER BY key, id LIMIT $limit;";

    private const string RowOfVersionText =
        "SELECT id FROM object_versions INDEXED BY object_versions_by_version WHERE bucket = $bucket AND key = $key AND version_id = $version_id;";

    /// <summary>The SQL of the range read (step 2 without a delimiter) for one shape of range.</summary>
    public static string RangeFor(bool fromInclusive, bool bounded) => RangeTexts[(fromInclusive ? 2 : 0) + (bounded ? 1 : 0)];

    /// <summary>The SQL of the walk over keys and common prefixes (step 2 with a delimiter).</summary>
    public static string WalkFor(bool fromInclusive) => WalkTexts[fromInclusive ? 1 : 0];

    public static List<ScanEntry> Run(
        SqliteSession session, string bucket, ReadOnlySpan<byte> afterKey, string? afterVersionId, ReadOnlySpan<byte> prefix,
        ReadOnlySpan<byte> delimiter, int limit)
    {
        var page = new Page(limit);
        if (limit <= 0)
        {
            return [];
        }

        // 1. The position. A marker under a common prefix was listed as that prefix: start past it.
        var from = afterKey.ToArray();
        var commonPrefixLength = KeyGrouping.CommonPrefixLength(afterKey, prefix, delimiter);
        if (commonPrefixLength > 0)
        {
            from = KeyGrouping.PastPrefix(afterKey[..commonPrefixLength]);
        }
        else if (afterVersionId is not null && afterKey.StartsWith(prefix) && RowOf(session, bucket, from, afterVersionId) is { } row)
        {
            page.AddNewestFirst(Older(session, bucket, from, row, limit));
        }

        // 2 and 3. The keys after it.
        if (!page.IsFull)
        {
            var range = KeyRange.For(from, inclusive: false, prefix);
            if (delimiter.IsEmpty)
            {
                ReadRange(session, bucket, range, page);
            }
            else
            {
                ReadGrouped(session, bucket, range, prefix.Length, delimiter, page);
            }
        }

        return page.Complete(session);
    }

    private static void ReadRange(SqliteSession session, string bucket, KeyRange range, Page page)
    {
        var wanted = page.Room;
        var command = session.Command(RangeFor(range.FromInclusive, range.Before is not null));
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$from", range.From);
        if (range.Before is not null)
        {
            command.Parameters.AddWithValue("$before", range.Before);
        }

        command.Parameters.AddWithValue("$limit", wanted);
        var rows = ReadAll(command, bucket);
        if (rows.Count < wanted)
        {
            page.AddKeysInIndexOrder(rows, rows.Count);
            return;
        }

        // The read stopped at the page's size, maybe inside the last key: its newest versions are the ones to list.
        var lastKey = rows[^1].Version.Key;
        var complete = rows.FindIndex(row => row.Version.Key == lastKey);
        page.AddKeysInIndexOrder(rows, complete);
        page.AddNewestFirst(Older(session, bucket, KeyBytes.Encode(lastKey), long.MaxValue, page.Room));
    }

    private static void ReadGrouped(SqliteSession session, string bucket, KeyRange range, int prefixLength, ReadOnlySpan<byte> delimiter, Page page)
    {
        // The walk: at most a page of entries, each a key or a common prefix.
        var command = session.Command(WalkFor(range.FromInclusive));
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$from", range.From);
        command.Parameters.AddWithValue("$before", range.Before ?? PastEveryKey);
        command.Parameters.AddWithValue("$skip", prefixLength + 1);
        command.Parameters.AddWithValue("$delimiter", delimiter.ToArray());
        command.Parameters.AddWithValue("$limit", page.Room);
        var walk = new List<(string Key, bool IsCommonPrefix)>();
        var keys = new StringBuilder("[");
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var key = reader.GetFieldValue<byte[]>(0);
                var length = reader.GetInt32(1);
                if (length > 0)
                {
                    walk.Add((KeyBytes.Decode(key[..length]), true));
                    continue;
                }

                walk.Add((KeyBytes.Decode(key), false));
                keys.Append(keys.Length > 1 ? ",\"" : "\"").Append(Convert.ToHexString(key)).Append('"');
            }
        }

        // The versions of the keys walked, in index order; as in ReadRange, all but the last key read are complete.
        var wanted = page.Room;
        var versions = new List<(long Row, ObjectInfo Version)>();
        if (keys.Length > 1)
        {
            var read = session.Command(OfKeysText);
            read.Parameters.AddWithValue("$bucket", bucket);
            read.Parameters.AddWithValue("$keys", keys.Append(']').ToString());
            read.Parameters.AddWithValue("$limit", wanted);
            versions = ReadAll(read, bucket);
        }

        // When the read filled the page, it may have stopped inside its last key, and read nothing of the keys after.
        var cut = versions.Count < wanted ? null : versions[^1].Version.Key;
        var next = 0;
        foreach (var (key, isCommonPrefix) in walk)
        {
            if (page.IsFull)
            {
                return;
            }

            if (isCommonPrefix)
            {
                page.AddCommonPrefix(key);
                continue;
            }

            var first = next;
            while (next < versions.Count && versions[next].Version.Key == key)
            {
                next++;
            }

            if (cut is not null && (key == cut || first == next))
            {
                page.AddNewestFirst(Older(session, bucket, KeyBytes.Encode(key), long.MaxValue, page.Room));
                continue;
            }

            page.AddKeysInIndexOrder(versions.GetRange(first, next - first), next - first);
        }
    }

    private static long? RowOf(SqliteSession session, string bucket, byte[] key, string versionId)
    {
        var command = session.Command(RowOfVersionText);
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$version_id", versionId);
        return command.ExecuteScalar() is long row ? row : null;
    }

    private static List<(long Row, ObjectInfo Version)> Older(SqliteSession session, string bucket, byte[] key, long below, int limit)
    {
        var command = session.Command(OlderText);
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$below", below);
        command.Parameters.AddWithValue("$limit", limit);
        return ReadAll(command, bucket);
    }

    private static List<(long Row, ObjectInfo Version)> ReadAll(SqliteCommand command, string bucket)
    {
        var rows = new List<(long Row, ObjectInfo Version)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(VersionRows.Read(reader, bucket));
        }

        return rows;
    }

    // $from and $before are BLOBs, as in ScanQuery: they may be any bytes.
    private static string RangeText(bool fromInclusive, bool bounded) =>
        $"SELECT {VersionRows.Columns} FROM object_versions INDEXED BY object_versions_by_key " +
        "WHERE bucket = $bucket " +
        (fromInclusive ? "AND key >= $from " : "AND key > $from ") +
        (bounded ? "AND key < $before " : "") +
        "ORDER BY key, id LIMIT $limit;";

    /// <summary>
    /// The walk of <see cref="GroupedScanQuery"/> over every version rather than the latest: each step seeks to the
    /// next key that has any version (one seek skips all of a key's versions), or past a whole common prefix.
    /// </summary>
    private static string WalkText(bool fromInclusive) =>
        "WITH RECURSIVE " + GroupedScanQuery.Walk(fromInclusive, "object_versions_by_key", "1") + " " +
        $"SELECT wkey, {GroupedScanQuery.PrefixLength} FROM walk WHERE wkey IS NOT NULL ORDER BY n;";

    /// <summary>The entries of a page in order; its versions get their segments at the end, in one query.</summary>
    private sealed class Page(int limit)
    {
        private readonly List<ScanEntry> _entries = new(Math.Min(limit, 1024));
        private readonly List<(long Row, ObjectInfo Version)> _versions = [];

        public int Room => limit - _entries.Count;

        public bool IsFull => Room <= 0;

        public void AddCommonPrefix(string prefix) => _entries.Add(new ScanEntry(prefix, null));

        public void AddNewestFirst(List<(long Row, ObjectInfo Version)> rows)
        {
            foreach (var row in rows)
            {
                if (IsFull)
                {
                    return;
                }

                Add(row);
            }
        }

        /// <summary>The first <paramref name="count"/> rows, whole keys in index order (oldest first), each key turned around.</summary>
        public void AddKeysInIndexOrder(List<(long Row, ObjectInfo Version)> rows, int count)
        {
            var start = 0;
            while (start < count && !IsFull)
            {
                var end = start;
                while (end < count && rows[end].Version.Key == rows[start].Version.Key)
                {
                    end++;
                }

                for (var i = end - 1; i >= start && !IsFull; i--)
                {
                    Add(rows[i]);
                }

                start = end;
            }
        }

        public List<ScanEntry> Complete(SqliteSession session)
        {
            if (_versions.Count == 0)
            {
                return _entries;
            }

            var complete = VersionRows.WithSegments(session, _versions);
            for (int i = 0, next = 0; i < _entries.Count; i++)
            {
                if (!_entries[i].IsCommonPrefix)
                {
                    _entries[i] = _entries[i] with { Version = complete[next++] };
                }
            }

            return _entries;
        }

        private void Add((long Row, ObjectInfo Version) row)
        {
            _entries.Add(new ScanEntry(row.Version.Key, row.Version));
            _versions.Add(row);
        }
    }
}
