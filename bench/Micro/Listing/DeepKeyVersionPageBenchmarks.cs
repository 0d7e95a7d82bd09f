using BenchmarkDotNet.Attributes;

using Coffer.Engine.Listing;
using Coffer.Engine.Model;
using Coffer.Engine.Sqlite;

namespace Coffer.Bench.Micro.Listing;

/// <summary>
/// Issue 15's O(page) target inside one key: ListObjectVersions pages of 1,000 of a key with 100,000 versions
/// (<see cref="DeepVersionedKey"/>), starting at its newest version (the baseline), after its 50,000th newest (a
/// version-id-marker half-way down), and after its 99,000th (near the oldest). If a page paid for the versions before
/// its marker, the last two would cost 50 and 99 times the first.
/// </summary>
[Config(typeof(InProcessConfigs.FewIterations))]
[MemoryDiagnoser]
public class DeepKeyVersionPageBenchmarks : BigBucketBenchmarks
{
    private VersionId? _middle;
    private VersionId? _nearOldest;

    [GlobalSetup(Targets = [nameof(ListAfterTheMiddleVersion), nameof(ListNearTheOldest)])]
    public void FindMarkers()
    {
        OpenBucket();
        _middle = NewestVersionAt(50_000);
        _nearOldest = NewestVersionAt(99_000);
    }

    [Benchmark(Baseline = true, Description = "1,000 versions from the key's newest")]
    public Task<int> ListFromTheNewest() => ListAsync(new VersionListRequest { Bucket = DeepVersionedKey.Bucket, KeyMarker = DeepVersionedKey.Before, MaxKeys = 1000 });

    [Benchmark(Description = "1,000 versions after its 50,000th newest")]
    public Task<int> ListAfterTheMiddleVersion() => ListAsync(AfterVersion(_middle));

    [Benchmark(Description = "1,000 versions after its 99,000th newest")]
    public Task<int> ListNearTheOldest() => ListAsync(AfterVersion(_nearOldest));

    protected override Task<SqliteMetadataStore> OpenStoreAsync() => DeepVersionedKey.OpenAsync();

    private static VersionListRequest AfterVersion(VersionId? marker) => new()
    {
        Bucket = DeepVersionedKey.Bucket,
        KeyMarker = DeepVersionedKey.Key,
        VersionIdMarker = marker ?? throw new InvalidOperationException("No global setup."),
        MaxKeys = 1000,
    };

    private async Task<int> ListAsync(VersionListRequest request)
    {
        var page = await Versions.ListAsync(request, CancellationToken.None);
        return page.Versions.Count == 1000 && page.IsTruncated && page.Versions.All(version => version.Key == DeepVersionedKey.Key)
            ? page.Versions.Count
            : throw new InvalidOperationException($"{page.Versions.Count} entries, truncated: {page.IsTruncated}.");
    }

    /// <summary>The key's <paramref name="count"/>th newest version, found by paging from its newest (setup only, not measured).</summary>
    private VersionId NewestVersionAt(int count)
    {
        var request = new VersionListRequest { Bucket = DeepVersionedKey.Bucket, KeyMarker = DeepVersionedKey.Before, MaxKeys = 1000 };
        for (var listed = 0; ;)
        {
            var page = Versions.ListAsync(request, CancellationToken.None).GetAwaiter().GetResult();
            if (listed + page.Versions.Count >= count)
            {
                var id = page.Versions[count - listed - 1].VersionId;
                return VersionId.TryParse(id, out var parsed) ? parsed.Value : throw new InvalidOperationException(id);
            }

            listed += page.Versions.Count;
            request = request with { KeyMarker = page.NextKeyMarker, VersionIdMarker = VersionId.TryParse(page.NextVersionIdMarker, out var next) ? next : null };
        }
    }
}
