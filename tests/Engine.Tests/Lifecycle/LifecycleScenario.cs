using Coffer.Engine.Buckets;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Lifecycle;

/// <summary>The engine over in-memory ports with a lifecycle worker on real (S3-rounded) days, and helpers to read the bucket back.</summary>
internal sealed class LifecycleScenario : IDisposable
{
    public LifecycleScenario(bool withTransitions = true)
    {
        Worker = new LifecycleWorker(
            Engine.Metadata, new BlobReleaser(Engine.Metadata, Engine.Blobs), LifecycleDay.Real, Engine.Clock, withTransitions ? Transitions : null);
    }

    public EngineUnderTest Engine { get; } = new();

    public RecordingTransitions Transitions { get; } = new();

    public LifecycleWorker Worker { get; }

    public static LifecycleRule Rule(string id = "rule") => new() { Id = id, Enabled = true };

    public Task ConfigureAsync(params LifecycleRule[] rules) => ConfigureAsync(new LifecycleConfiguration { Rules = rules });

    /// <summary>
    /// Stores the configuration as the engine keeps it, without S3's checks: the worker acts on whatever is stored, and
    /// these tests use day counts (one day to STANDARD_IA, say) that keep them short and that S3 would refuse.
    /// </summary>
    public Task ConfigureAsync(LifecycleConfiguration configuration) =>
        Engine.Settings.PutAsync(EngineUnderTest.Bucket, BucketSettingName.Lifecycle, BucketLifecycle.Serialize(configuration), CancellationToken.None);

    public Task EnableVersioningAsync() => Engine.Buckets.SetVersioningAsync(EngineUnderTest.Bucket, BucketVersioning.Enabled, CancellationToken.None);

    public void AdvanceDays(double days) => Engine.Clock.Advance(TimeSpan.FromDays(days));

    public Task<LifecycleCounts> RunAsync(bool startOver = true) => Worker.RunBucketAsync(EngineUnderTest.Bucket, startOver, null, CancellationToken.None);

    /// <summary>Every version of the bucket, by key then newest first.</summary>
    public async Task<List<ObjectInfo>> VersionsAsync()
    {
        var all = new List<ObjectInfo>();
        byte[] afterKey = [];
        string? afterId = null;
        while (true)
        {
            var page = await Engine.Metadata.ScanVersionsAsync("bucket", afterKey, afterId, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, 500, CancellationToken.None);
            all.AddRange(page.Select(entry => entry.Version!));
            if (page.Count < 500)
            {
                return all;
            }

            (afterKey, afterId) = (System.Text.Encoding.UTF8.GetBytes(page[^1].Key), page[^1].Version!.VersionId);
        }
    }

    /// <summary>The keys that have a current version that is not a delete marker.</summary>
    public async Task<List<string>> LiveKeysAsync() =>
        [.. (await VersionsAsync()).Where(v => v.IsLatest && !v.IsDeleteMarker).Select(v => v.Key)];

    public void Dispose() => Worker.Dispose();
}
