using Coffer.Engine.Listing;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// A listing page with common prefixes, in one read transaction: the range query of
/// <see cref="ScanQuery"/>, stopped at the first key under a common prefix and run again from just
/// past that prefix. So a common prefix costs one index seek and one row, not a walk of its keys,
/// and the page is one snapshot.
/// </summary>
internal static class GroupedScanQuery
{
    public static List<ScanEntry> Run(
        SqliteSession session, string bucket, ReadOnlySpan<byte> after, bool inclusive, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> delimiter, int limit)
    {
        // Entries in order; the versions among them are filled in with their segments at the end.
        var entries = new List<ScanEntry>(Math.Min(limit, 1024));
        var versions = new List<(long Row, ObjectInfo Version)>();
        var range = KeyRange.For(after, inclusive, prefix);
        while (entries.Count < limit)
        {
            byte[]? pastPrefix = null;
            using (var reader = ScanQuery.Command(session, bucket, range, limit - entries.Count).ExecuteReader())
            {
                while (reader.Read())
                {
                    // Only the key is read from a row that turns out to belong to a common prefix.
                    var key = reader.GetFieldValue<byte[]>(1);
                    var length = KeyGrouping.CommonPrefixLength(key, prefix, delimiter);
                    if (length >= 0)
                    {
                        entries.Add(new ScanEntry(KeyBytes.Decode(key[..length]), null));
                        pastPrefix = KeyGrouping.PastPrefix(key.AsSpan(0, length));
                        break;
                    }

                    var version = VersionRows.Read(reader, bucket);
                    entries.Add(new ScanEntry(version.Version.Key, version.Version));
                    versions.Add(version);
                }
            }

            // The reader ran out (or reached the limit) without meeting a common prefix: done.
            if (pastPrefix is null)
            {
                break;
            }

            range = KeyRange.For(pastPrefix, inclusive: false, prefix);
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
}
