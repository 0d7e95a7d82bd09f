using BenchmarkDotNet.Attributes;

using Coffer.Engine.Listing;

namespace Coffer.Bench.Micro.Listing;

/// <summary>
/// ListObjectsV2 of all of a 1,000,000-key bucket (<see cref="BigBucket"/>) through <see cref="ObjectLister"/>, the
/// engine entry point the S3 layer calls: 1,000 pages of 1,000 keys, each page continuing after the last key of the
/// one before, as a client's continuation token does. No HTTP and no XML.
/// </summary>
// Monitoring: an invocation takes seconds.
[Config(typeof(InProcessConfigs.Monitoring))]
[MemoryDiagnoser]
public class FullListingBenchmarks : BigBucketBenchmarks
{
    [Benchmark(Description = "ListObjectsV2, all 1,000,000 keys in pages of 1,000")]
    public async Task<int> ListEveryKey()
    {
        var lister = Lister;
        var listed = 0;
        string? after = null;
        while (true)
        {
            var page = await lister.ListAsync(new ListRequest { Bucket = BigBucket.Bucket, After = after, MaxKeys = 1000 }, CancellationToken.None);
            listed += page.Objects.Count;
            if (!page.IsTruncated)
            {
                break;
            }

            after = page.LastReturned;
        }

        // A fast listing that misses keys would be no result at all.
        return listed == BigBucket.KeyCount ? listed : throw new InvalidOperationException($"Listed {listed} keys, not {BigBucket.KeyCount}.");
    }
}
