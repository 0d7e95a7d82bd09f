using System.Text;

using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Listing;

/// <summary>
/// ListObjects (v1 and v2) and, until versioning, ListObjectVersions. A page costs O(page):
/// when a key falls under a common prefix, the scan seeks past every key of that prefix at once
/// (to the prefix followed by byte 0xFF, which no UTF-8 key contains) instead of reading them.
/// </summary>
public sealed class ObjectLister(IMetadataStore metadata)
{
    private const int FirstGroupedBatch = 8;
    private const int MaxGroupedBatch = 1024;

    public async Task<ListPage> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        if (await metadata.GetBucketAsync(request.Bucket.Value, cancellationToken) is null)
        {
            throw new EngineException(EngineError.NoSuchBucket);
        }

        var objects = new List<ObjectInfo>();
        var prefixes = new List<string>();
        if (request.MaxKeys <= 0)
        {
            return new ListPage(objects, prefixes, false, null);
        }

        var prefixBytes = Encoding.UTF8.GetBytes(request.Prefix);
        var delimiter = string.IsNullOrEmpty(request.Delimiter) ? null : request.Delimiter;
        var (after, inclusive) = StartPosition(request, delimiter);
        string? last = null;
        var batch = delimiter is null ? int.MaxValue : FirstGroupedBatch;

        while (true)
        {
            // One row more than the page needs tells whether the listing is truncated. With a
            // delimiter, rows beyond a common prefix are wasted (the scan re-seeks past it), so
            // batches start small and grow only while no prefix interrupts them.
            var wanted = Math.Min(request.MaxKeys - objects.Count - prefixes.Count + 1, batch);
            var rows = await metadata.ScanAsync(request.Bucket.Value, after, inclusive, prefixBytes, wanted, cancellationToken);
            var reseek = false;
            foreach (var row in rows)
            {
                if (objects.Count + prefixes.Count == request.MaxKeys)
                {
                    return new ListPage(objects, prefixes, true, last);
                }

                var commonPrefix = delimiter is null ? null : KeyGrouping.CommonPrefixOf(row.Key, request.Prefix, delimiter);
                if (commonPrefix is not null)
                {
                    prefixes.Add(commonPrefix);
                    last = commonPrefix;
                    (after, inclusive) = (KeyGrouping.PastPrefix(commonPrefix), false);
                    reseek = true;
                    break;
                }

                if (!row.IsDeleteMarker)
                {
                    objects.Add(row);
                }

                last = row.Key;
                (after, inclusive) = (Encoding.UTF8.GetBytes(row.Key), false);
            }

            if (!reseek && rows.Count < wanted)
            {
                return new ListPage(objects, prefixes, false, last);
            }

            batch = reseek ? FirstGroupedBatch : Math.Min(batch * 2, MaxGroupedBatch);
        }
    }

    /// <summary>
    /// Where the scan starts. A marker inside a common prefix (or equal to one) means that
    /// prefix was returned on an earlier page, so the scan starts past all of it.
    /// </summary>
    private static (byte[] After, bool Inclusive) StartPosition(ListRequest request, string? delimiter)
    {
        if (string.IsNullOrEmpty(request.After))
        {
            return ([], true);
        }

        if (delimiter is not null && KeyGrouping.CommonPrefixOf(request.After, request.Prefix, delimiter) is { } markerPrefix)
        {
            return (KeyGrouping.PastPrefix(markerPrefix), false);
        }

        return (Encoding.UTF8.GetBytes(request.After), false);
    }
}
