using BenchmarkDotNet.Attributes;

using Coffer.Engine.Listing;
using Coffer.Engine.Model;
using Coffer.Engine.Sqlite;

namespace Coffer.Bench.Micro.Listing;

/// <summary>
/// Issue 15's target: on a bucket of 1,000,000 versions (<see cref="BigVersionedBucket"/>), a ListObjectVersions page
/// of 1,000 within twice the time of a ListObjectsV2 page of 1,000 of the same bucket. Both pages start half-way,
/// after the same key, through the engine's listers (what the S3 handlers call), without HTTP or XML. A third page
/// starts inside a key, after one of its versions (a version-id-marker), which adds the backward seek in that key.
/// </summary>
[Config(typeof(InProcessConfigs.FewIterations))]
[MemoryDiagnoser]
public class VersionPageBenchmarks : BigBucketBenchmarks
{
    private static readonly string Middle = BigVersionedBucket.KeyOf(BigVersionedBucket.KeyCount / 2);

    private VersionId? _middleVersion;

    [GlobalSetup(Target = nameof(ListVersionsAfterAVersion))]
    public void FindMiddleVersion()
    {
        OpenBucket();
        // The fifth newest version of the middle key: the page after it starts with that key's five oldest.
        var before = BigVersionedBucket.KeyOf((BigVersionedBucket.KeyCount / 2) - 1);
        var page = Versions.ListAsync(new VersionListRequest { Bucket = BigVersionedBucket.Bucket, KeyMarker = before, MaxKeys = 5 }, CancellationToken.None)
            .GetAwaiter().GetResult();
        _middleVersion = VersionId.TryParse(page.Versions[^1].VersionId, out var id) ? id : throw new InvalidOperationException();
    }

    [Benchmark(Baseline = true, Description = "ListObjectsV2, 1,000 keys, after the middle key")]
    public async Task<int> ListLatest()
    {
        var page = await Lister.ListAsync(new ListRequest { Bucket = BigVersionedBucket.Bucket, After = Middle, MaxKeys = 1000 }, CancellationToken.None);
        return Checked(page.Objects.Count, page.IsTruncated);
    }

    [Benchmark(Description = "ListObjectVersions, 1,000 versions, after the middle key")]
    public async Task<int> ListVersions()
    {
        var page = await Versions.ListAsync(new VersionListRequest { Bucket = BigVersionedBucket.Bucket, KeyMarker = Middle, MaxKeys = 1000 }, CancellationToken.None);
        return Checked(page.Versions.Count, page.IsTruncated);
    }

    [Benchmark(Description = "ListObjectVersions, 1,000 versions, after a version inside a key")]
    public async Task<int> ListVersionsAfterAVersion()
    {
        var page = await Versions.ListAsync(
            new VersionListRequest { Bucket = BigVersionedBucket.Bucket, KeyMarker = Middle, VersionIdMarker = _middleVersion, MaxKeys = 1000 },
            CancellationToken.None);
        return Checked(page.Versions.Count, page.IsTruncated);
    }

    protected override Task<SqliteMetadataStore> OpenStoreAsync() => BigVersionedBucket.OpenAsync();

    private static int Checked(int count, bool truncated) =>
        count == 1000 && truncated ? count : throw new InvalidOperationException($"{count} entries, truncated: {truncated}.");
}
