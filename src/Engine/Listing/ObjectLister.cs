using System.Text;

using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Listing;

/// <summary>
/// ListObjects (v1 and v2) and, until versioning, ListObjectVersions. A page costs O(page) and is
/// one read of the metadata store: with a delimiter, the store folds each common prefix into one
/// entry and seeks past all of its keys (see <see cref="IMetadataStore.ScanGroupedAsync"/>).
/// </summary>
public sealed class ObjectLister(IMetadataStore metadata)
{
    public async Task<ListPage> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        if (await metadata.GetBucketAsync(request.Bucket.Value, cancellationToken) is null)
        {
            throw new EngineException(EngineError.NoSuchBucket);
        }

        if (request.MaxKeys <= 0)
        {
            return new ListPage([], [], false, null);
        }

        var prefixBytes = Encoding.UTF8.GetBytes(request.Prefix);
        var delimiter = string.IsNullOrEmpty(request.Delimiter) ? null : request.Delimiter;
        var (after, inclusive) = StartPosition(request, delimiter);

        // One entry more than the page holds tells whether the listing is truncated.
        var wanted = request.MaxKeys + 1;
        if (delimiter is null)
        {
            var versions = await metadata.ScanAsync(request.Bucket.Value, after, inclusive, prefixBytes, wanted, cancellationToken);
            var objects = versions.Count > request.MaxKeys ? versions.Take(request.MaxKeys).ToList() : versions;
            return new ListPage(objects, [], versions.Count > request.MaxKeys, objects.Count > 0 ? objects[^1].Key : null);
        }

        var entries = await metadata.ScanGroupedAsync(
            request.Bucket.Value, after, inclusive, prefixBytes, Encoding.UTF8.GetBytes(delimiter), wanted, cancellationToken);
        return Page(entries, request.MaxKeys);
    }

    private static ListPage Page(IReadOnlyList<ScanEntry> entries, int maxKeys)
    {
        var objects = new List<ObjectInfo>();
        var prefixes = new List<string>();
        var count = Math.Min(entries.Count, maxKeys);
        for (var i = 0; i < count; i++)
        {
            if (entries[i].Version is { } version)
            {
                objects.Add(version);
            }
            else
            {
                prefixes.Add(entries[i].Key);
            }
        }

        return new ListPage(objects, prefixes, entries.Count > maxKeys, count > 0 ? entries[count - 1].Key : null);
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
