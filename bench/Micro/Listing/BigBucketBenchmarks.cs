using BenchmarkDotNet.Attributes;

using Coffer.Engine.Listing;
using Coffer.Engine.Sqlite;

namespace Coffer.Bench.Micro.Listing;

/// <summary>The listing benchmarks' setup: the cached <see cref="BigBucket"/> opened on the real store, and its lister.</summary>
public abstract class BigBucketBenchmarks
{
    private SqliteMetadataStore? _store;
    private ObjectLister? _lister;

    /// <summary>The engine entry point the S3 layer's ListObjects, ListObjectsV2 and ListObjectVersions call.</summary>
    protected ObjectLister Lister => _lister ?? throw new InvalidOperationException("No global setup.");

    [GlobalSetup]
    public void OpenBucket()
    {
        _store = BigBucket.OpenAsync().GetAwaiter().GetResult();
        _lister = new ObjectLister(_store);
    }

    [GlobalCleanup]
    public void CloseBucket() => _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
