using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Sqlite;
using Coffer.Engine.Versions;

namespace Coffer.Bench.Micro.Metadata;

/// <summary>
/// Version commits (a PutObject's metadata transaction, without its blob) on the real <see cref="SqliteMetadataStore"/>
/// (WAL, <c>synchronous=FULL</c>) in a fresh database under the system temp folder, from <see cref="Writers"/> tasks
/// at once. Each invocation commits <see cref="CommitsPerInvocation"/> versions, overwriting the same keys every time
/// (so each commit also releases the replaced version's blob, as an overwrite does); the mean is per commit, and
/// commits per second is its inverse. This is what bounds small PUTs: every commit waits for a WAL fsync.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class ConcurrentCommitBenchmarks
{
    private const int CommitsPerInvocation = 2048;
    private const string Bucket = "bench";

    private string? _directory;
    private SqliteMetadataStore? _store;

    /// <summary>1: one client at a time (each commit's own latency). 32: many clients, as a loaded server sees them.</summary>
    [Params(1, 32)]
    public int Writers { get; set; }

    private SqliteMetadataStore Store => _store ?? throw new InvalidOperationException("No global setup.");

    [GlobalSetup]
    public void OpenStore()
    {
        _directory = Path.Combine(Path.GetTempPath(), "coffer-bench-" + Guid.NewGuid().ToString("N"));
        _store = SqliteMetadataStore.OpenAsync(Path.Combine(_directory, "metadata.db"), CancellationToken.None).GetAwaiter().GetResult();
        var bucket = new BucketInfo(Bucket, "us-east-1", "bench", DateTimeOffset.UtcNow);
        Store.CreateBucketAsync(bucket, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = CommitsPerInvocation, Description = "CommitVersionAsync")]
    public Task CommitVersions() => Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(() => CommitShareAsync(writer))));

    [GlobalCleanup]
    public void CloseStore()
    {
        _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task CommitShareAsync(int writer)
    {
        var share = CommitsPerInvocation / Writers;
        for (var i = 0; i < share; i++)
        {
            var version = new ObjectInfo
            {
                Bucket = Bucket,
                Key = $"writer-{writer}/object-{i}",
                VersionId = "null",
                Size = 4096,
                ETag = "\"0f343b0931126a20f133d67c2b018a3b\"",
                LastModified = DateTimeOffset.UtcNow,
                Attributes = ObjectAttributes.Default,
                Segments = [new BlobSegment(BlobId.New(), 4096)],
            };
            var outcome = await Store.CommitVersionAsync(version, WriteCondition.None, BlobOrigin.NewlyWritten, CancellationToken.None);
            if (outcome.Status != CommitStatus.Committed)
            {
                throw new InvalidOperationException($"Commit of {version.Key}: {outcome.Status}");
            }
        }
    }

    /// <summary>
    /// One invocation per iteration (each takes seconds at one fsync per commit), in process. A mutator, so that it
    /// rewrites the job that Program.cs's --inProcess adds instead of running beside it.
    /// </summary>
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(
            Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(5)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: true))
                .AsMutator());
    }
}
