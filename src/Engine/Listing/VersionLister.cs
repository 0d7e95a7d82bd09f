using System.Text;

using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Listing;

/// <summary>
/// ListObjectVersions: every version and delete marker, by key, newest first within a key, with common prefixes. A
/// page is one read of the metadata store and costs O(page) however many versions a key has
/// (see <see cref="IMetadataStore.ScanVersionsAsync"/>).
/// </summary>
public sealed class VersionLister(IMetadataStore metadata)
{
    public async Task<VersionListPage> ListAsync(VersionListRequest request, CancellationToken cancellationToken)
    {
        if (await metadata.GetBucketAsync(request.Bucket.Value, cancellationToken) is null)
        {
            throw new EngineException(EngineError.NoSuchBucket);
        }

        if (request.MaxKeys <= 0)
        {
            return new VersionListPage([], [], false, null, null);
        }

        // S3's markers: the version-id marker counts only beside a key marker (the protocol layer refuses it alone).
        // A key marker under a common prefix means that prefix was listed already; the store starts past it.
        var afterKey = string.IsNullOrEmpty(request.KeyMarker) ? [] : Encoding.UTF8.GetBytes(request.KeyMarker);
        var afterVersion = afterKey.Length == 0 ? null : request.VersionIdMarker?.Value;
        var delimiter = string.IsNullOrEmpty(request.Delimiter) ? [] : Encoding.UTF8.GetBytes(request.Delimiter);

        // One entry more than the page holds tells whether the listing is truncated.
        var entries = await metadata.ScanVersionsAsync(
            request.Bucket.Value, afterKey, afterVersion, Encoding.UTF8.GetBytes(request.Prefix), delimiter, request.MaxKeys + 1, cancellationToken);

        var versions = new List<ObjectInfo>();
        var prefixes = new List<string>();
        var count = Math.Min(entries.Count, request.MaxKeys);
        for (var i = 0; i < count; i++)
        {
            if (entries[i].Version is { } version)
            {
                versions.Add(version);
            }
            else
            {
                prefixes.Add(entries[i].Key);
            }
        }

        if (entries.Count <= request.MaxKeys)
        {
            return new VersionListPage(versions, prefixes, false, null, null);
        }

        // The next page starts after the last entry returned: a version of a key, or a whole common prefix.
        var last = entries[count - 1];
        return new VersionListPage(versions, prefixes, true, last.Key, last.Version?.VersionId);
    }
}

public sealed record VersionListRequest
{
    public required BucketName Bucket { get; init; }

    public string Prefix { get; init; } = "";

    /// <summary>Any non-empty string groups keys into common prefixes; null or empty lists flat.</summary>
    public string? Delimiter { get; init; }

    /// <summary>Start after this key (or, with <see cref="VersionIdMarker"/>, after that version of it).</summary>
    public string? KeyMarker { get; init; }

    /// <summary>With <see cref="KeyMarker"/>: start after this version of that key. Ignored without one.</summary>
    public VersionId? VersionIdMarker { get; init; }

    /// <summary>0 to 1,000; the protocol layer clamps what clients ask for. Common prefixes count toward it.</summary>
    public int MaxKeys { get; init; } = 1000;
}

/// <param name="Versions">Versions and delete markers in listing order: by key, newest first within a key.</param>
/// <param name="NextKeyMarker">When truncated, the last key or common prefix returned.</param>
/// <param name="NextVersionIdMarker">When truncated after a version, its id; null after a common prefix.</param>
public sealed record VersionListPage(
    IReadOnlyList<ObjectInfo> Versions,
    IReadOnlyList<string> CommonPrefixes,
    bool IsTruncated,
    string? NextKeyMarker,
    string? NextVersionIdMarker);
