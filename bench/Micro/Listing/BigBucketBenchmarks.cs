using System.Diagnostics;
using System.Globalization;

using BenchmarkDotNet.Attributes;

using Coffer.Engine.Listing;
using Coffer.Engine.Sqlite;

namespace Coffer.Bench.Micro.Listing;

/// <summary>
/// The listing benchmarks' setup: a cached bucket (<see cref="BigBucket"/>, unless <see cref="OpenStoreAsync"/> says
/// otherwise) opened on the real store, and its listers. It also
/// logs the process's CPU time per invocation: on a shared 2-core machine wall time follows the neighbours' load
/// (a load average of 20 multiplied it by 3 to 8 here), CPU time much less.
/// </summary>
public abstract class BigBucketBenchmarks
{
    private SqliteMetadataStore? _store;
    private ObjectLister? _lister;
    private VersionLister? _versions;
    private TimeSpan _cpuAtStart;
    private int _invocations;

    /// <summary>The engine entry point the S3 layer's ListObjects, ListObjectsV2 and ListObjectVersions call; counts the invocation.</summary>
    protected ObjectLister Lister
    {
        get
        {
            _invocations++;
            return _lister ?? throw new InvalidOperationException("No global setup.");
        }
    }

    /// <summary>The engine entry point of ListObjectVersions; counts the invocation.</summary>
    protected VersionLister Versions
    {
        get
        {
            _invocations++;
            return _versions ?? throw new InvalidOperationException("No global setup.");
        }
    }

    [GlobalSetup]
    public void OpenBucket()
    {
        _store = OpenStoreAsync().GetAwaiter().GetResult();
        _lister = new ObjectLister(_store);
        _versions = new VersionLister(_store);
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <summary>The store over the cached bucket the benchmarks list.</summary>
    protected virtual Task<SqliteMetadataStore> OpenStoreAsync() => BigBucket.OpenAsync();

    [GlobalCleanup]
    public void CloseBucket()
    {
        // Every invocation (pilot, warmup and measured alike) does the same work, so the average is theirs.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// CPU time: {cpu.TotalMilliseconds / Math.Max(_invocations, 1):0.0} ms per invocation over {_invocations} (user + system, all threads)"));
        _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
