using Coffer.Engine.Listing;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// A page of ListObjectVersions, in one snapshot (the caller's REPEATABLE READ transaction), in at most two statements:
/// <list type="number">
/// <item>After a version: the versions of its key stored before it, newest first.</item>
/// <item>The keys after that: every version by key then newest first (object_versions_by_key's own order), or, with a
/// delimiter, the walk that passes each common prefix in one seek.</item>
/// </list>
/// </summary>
internal static class VersionScan
{
    public static async Task<IReadOnlyList<ScanEntry>> RunAsync(
        NpgsqlConnection connection, string bucket, ReadOnlyMemory<byte> afterKey, string? afterVersionId, ReadOnlyMemory<byte> prefix,
        ReadOnlyMemory<byte> delimiter, int limit, CancellationToken cancellationToken)
    {
        var entries = new List<ScanEntry>();

        // 1. The position. A marker under a common prefix was listed as that prefix: start past it.
        var from = afterKey.ToArray();
        var commonPrefixLength = KeyGrouping.CommonPrefixLength(afterKey.Span, prefix.Span, delimiter.Span);
        if (commonPrefixLength > 0)
        {
            from = KeyGrouping.PastPrefix(afterKey.Span[..commonPrefixLength]);
        }
        else if (afterVersionId is not null && afterKey.Span.StartsWith(prefix.Span))
        {
            var older = ListingQueries.Older(bucket, from, afterVersionId, limit);
            entries.AddRange(VersionRow.Entries(await older.RowsAsync(connection, cancellationToken)));
        }

        // 2. The keys after it.
        var room = limit - entries.Count;
        if (room > 0)
        {
            var range = KeyRange.For(from, inclusive: false, prefix.Span);
            var next = delimiter.IsEmpty
                ? ListingQueries.Versions(bucket, range, room)
                : ListingQueries.GroupedVersions(bucket, range, prefix.Length, delimiter.ToArray(), room);
            entries.AddRange(VersionRow.Entries(await next.RowsAsync(connection, cancellationToken)).Take(room));
        }

        return entries;
    }
}
