using Coffer.Engine.Buckets;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Sqlite;
using Coffer.Engine.Versions;
using Coffer.TestKit;
using Coffer.TestKit.Fakes;
using Coffer.TestKit.Faults;

namespace Coffer.Engine.Tests.Lifecycle;

/// <summary>
/// The worker on the SQLite store, whose version scan pages and resumes by its own rules: batches that end inside a
/// key's versions, removals of the very version a batch ended on, and a pass interrupted and run again.
/// </summary>
public sealed class LifecycleWorkerSqliteTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("coffer-lifecycle-");
    private readonly ManualClock _clock = new();
    private SqliteMetadataStore _store = null!;
    private LifecycleWorker _worker = null!;

    private static BucketName Bucket => BucketName.TryParse("bucket", out var name) ? name.Value : throw new InvalidOperationException();

    public async Task InitializeAsync()
    {
        _store = await SqliteMetadataStore.OpenAsync(Path.Combine(_directory.Path, "metadata.db"), CancellationToken.None);
        await _store.CreateBucketAsync(new BucketInfo("bucket", "us-east-1", "root", _clock.GetUtcNow()) { Versioning = BucketVersioning.Enabled }, CancellationToken.None);
        _worker = new LifecycleWorker(_store, new BlobReleaser(_store, new InMemoryBlobStore()), LifecycleDay.Real, _clock);
    }

    public async Task DisposeAsync()
    {
        _worker.Dispose();
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task NoncurrentExpiration_KeysWithMoreVersionsThanABatch_KeepExactlyTheNewest()
    {
        await ConfigureAsync(new LifecycleRule { Id = "r", Enabled = true, NoncurrentVersionExpiration = new NoncurrentVersionExpiration(1, 2) });
        var versionsOfA = await WriteVersionsAsync("a", LifecycleWorker.BatchSize + 7);
        var versionsOfB = await WriteVersionsAsync("b", 5);
        _clock.Advance(TimeSpan.FromDays(2));

        var counts = await _worker.RunBucketAsync(Bucket, startOver: false, null, CancellationToken.None);

        Assert.Equal(versionsOfA.Count - 3 + versionsOfB.Count - 3, counts[LifecycleAction.NoncurrentRemoved]);
        var left = await VersionsAsync();
        Assert.Equal(versionsOfA.TakeLast(3).Reverse(), left.Where(v => v.Key == "a").Select(v => v.VersionId));
        Assert.Equal(versionsOfB.TakeLast(3).Reverse(), left.Where(v => v.Key == "b").Select(v => v.VersionId));
    }

    [Fact]
    public async Task InterruptedPass_StartedAgain_FinishesWithoutRepeatingWhatWasDone()
    {
        await ConfigureAsync(new LifecycleRule { Id = "r", Enabled = true, Expiration = new LifecycleExpiration { Days = 1 } });
        var keys = (LifecycleWorker.BatchSize * 2) + 3;
        await WriteKeysAsync(keys);

        _clock.Advance(TimeSpan.FromDays(2));
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _worker.RunBucketAsync(Bucket, false, _ => stop.Cancel(), stop.Token));
        var rest = await _worker.RunBucketAsync(Bucket, startOver: false, null, CancellationToken.None);
        var again = await _worker.RunBucketAsync(Bucket, startOver: true, null, CancellationToken.None);

        Assert.Equal(keys - LifecycleWorker.BatchSize, rest[LifecycleAction.Expired]);
        Assert.False(again.AnyAction);
        var versions = await VersionsAsync();
        Assert.Equal(keys, versions.Count(v => v.IsLatest && v.IsDeleteMarker));
        Assert.Equal(keys * 2, versions.Count);
    }

    [Fact]
    public async Task PassFailingAfterAChunkLanded_RunAgain_ExpiresEachKeyOnceAndNotAKeyOverwrittenMeanwhile()
    {
        await ConfigureAsync(new LifecycleRule { Id = "r", Enabled = true, Expiration = new LifecycleExpiration { Days = 1 } });
        var keys = (LifecycleRemovals.ChunkSize * 3) + 5;
        await WriteKeysAsync(keys);

        _clock.Advance(TimeSpan.FromDays(2));
        var plan = new FaultPlan();
        using var faulty = new LifecycleWorker(
            new FaultyMetadataStore(_store, plan), new BlobReleaser(_store, new InMemoryBlobStore()), LifecycleDay.Real, _clock);

        // The second chunk commits, then its caller hears a failure (as if the process died before it learned more).
        plan.Arm(FaultPoint.WriteKey, FaultKind.IoErrorAfterLanding, nth: 2);
        await Assert.ThrowsAsync<IOException>(() => faulty.RunBucketAsync(Bucket, startOver: false, null, CancellationToken.None));
        var overwritten = await WriteVersionsAsync($"k{keys - 1:D5}", 1);
        var rest = await faulty.RunBucketAsync(Bucket, startOver: false, null, CancellationToken.None);

        Assert.Equal(keys - 1 - (LifecycleRemovals.ChunkSize * 2), rest[LifecycleAction.Expired]);
        var versions = await VersionsAsync();
        Assert.Equal(keys - 1, versions.Count(v => v.IsLatest && v.IsDeleteMarker));
        Assert.Equal(overwritten[0], versions.Single(v => v.IsLatest && !v.IsDeleteMarker).VersionId);
        Assert.Equal(keys * 2, versions.Count); // every key once, one overwrite, a marker on every key but that one
    }

    private Task ConfigureAsync(LifecycleRule rule) =>
        new BucketSettings(_store).PutAsync(Bucket, BucketSettingName.Lifecycle, BucketLifecycle.Serialize(new LifecycleConfiguration { Rules = [rule] }), CancellationToken.None);

    /// <summary>One version each of the keys k00000, k00001, ...</summary>
    private async Task WriteKeysAsync(int keys)
    {
        for (var i = 0; i < keys; i++)
        {
            await WriteVersionsAsync($"k{i:D5}", 1);
        }
    }

    private async Task<List<string>> WriteVersionsAsync(string key, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            var version = new ObjectInfo
            {
                Bucket = "bucket",
                Key = key,
                VersionId = VersionIds.Null,
                Size = 1,
                ETag = "\"00000000000000000000000000000001\"",
                LastModified = _clock.StoreNow(),
                Attributes = ObjectAttributes.Default,
                Segments = [new BlobSegment(BlobId.New(), 1) { InlineContent = [(byte)i] }],
            };
            var outcome = await _store.CommitVersionAsync(version, WriteCondition.None, BlobOrigin.NewlyWritten, CancellationToken.None);
            ids.Add(outcome.Stored!.VersionId);
        }

        return ids;
    }

    private async Task<List<ObjectInfo>> VersionsAsync()
    {
        var all = new List<ObjectInfo>();
        byte[] afterKey = [];
        string? afterId = null;
        while (true)
        {
            var page = await _store.ScanVersionsAsync("bucket", afterKey, afterId, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, 500, CancellationToken.None);
            all.AddRange(page.Select(entry => entry.Version!));
            if (page.Count < 500)
            {
                return all;
            }

            (afterKey, afterId) = (System.Text.Encoding.UTF8.GetBytes(page[^1].Key), page[^1].Version!.VersionId);
        }
    }
}
