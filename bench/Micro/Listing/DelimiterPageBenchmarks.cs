using BenchmarkDotNet.Attributes;

using Coffer.Engine.Listing;

namespace Coffer.Bench.Micro.Listing;

/// <summary>
/// One ListObjectsV2 page with the delimiter <c>/</c> and no prefix over the 1,000,000-key bucket
/// (<see cref="BigBucket"/>): 1,000 common prefixes, each of which stands for 100 keys the listing must skip, not read.
/// Through <see cref="ObjectLister"/>, without HTTP or XML.
/// </summary>
// Few iterations: a page takes milliseconds.
[Config(typeof(InProcessConfigs.FewIterations))]
[MemoryDiagnoser]
public class DelimiterPageBenchmarks : BigBucketBenchmarks
{
    [Benchmark(Description = "ListObjectsV2, delimiter '/', 1,000 common prefixes")]
    public async Task<int> ListCommonPrefixes()
    {
        var page = await Lister.ListAsync(new ListRequest { Bucket = BigBucket.Bucket, Delimiter = "/", MaxKeys = 1000 }, CancellationToken.None);
        return page.CommonPrefixes.Count == 1000 && page.IsTruncated
            ? page.CommonPrefixes.Count
            : throw new InvalidOperationException($"{page.CommonPrefixes.Count} common prefixes, truncated: {page.IsTruncated}.");
    }
}
