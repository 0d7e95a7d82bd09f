using Coffer.Engine.Archive;
using Coffer.Engine.Buckets;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Objects;
using Coffer.Engine.Tests.Fakes;
using Coffer.Engine.Tiers;
using Coffer.TestKit;
using Coffer.TestKit.Faults;

namespace Coffer.Engine.Tests.Tiers;

/// <summary>
/// The engine over in-memory ports with a GLACIER tier of its own (which can be made to fail), restores that take a
/// 10-second lifecycle day and a one-minute Bulk delay, and transitions.
/// </summary>
internal sealed class TieredEngine
{
    public static readonly LifecycleDay Day = new(TimeSpan.FromSeconds(10));

    public TieredEngine()
    {
        Glacier = new FaultyBlobStore(GlacierStore, GlacierFaults);
        Blobs = new TieredBlobStore(Main, new Dictionary<string, Ports.IBlobStore> { [StorageClasses.Glacier] = Glacier });
        var releaser = new BlobReleaser(Metadata, Blobs);
        Objects = new ObjectEngine(Metadata, Blobs, releaser, Clock);
        Buckets = new BucketEngine(Metadata, Clock, new Coffer.Engine.Caching.ChangeCounter());
        Transitions = new StorageClassTransitions(Metadata, Blobs, releaser, Clock);
        Restores = new ArchiveRestores(Metadata, Blobs, Objects, releaser, Clock, Day, RestoreDelays.None with { Bulk = TimeSpan.FromMinutes(1) });
        Buckets.CreateAsync(EngineUnderTest.Bucket, "us-east-1", "root", CancellationToken.None).GetAwaiter().GetResult();
    }

    public ManualClock Clock { get; } = new();

    public InMemoryMetadataStore Metadata { get; } = new();

    public InMemoryBlobStore Main { get; } = new();

    public InMemoryBlobStore GlacierStore { get; } = new();

    public FaultPlan GlacierFaults { get; } = new();

    public FaultyBlobStore Glacier { get; }

    public TieredBlobStore Blobs { get; }

    public ObjectEngine Objects { get; }

    public BucketEngine Buckets { get; }

    public StorageClassTransitions Transitions { get; }

    public ArchiveRestores Restores { get; }

    public Task<ObjectInfo> PutAsync(string key, byte[] content, string storageClass = StorageClasses.Standard) =>
        Objects.PutAsync(
            new PutObjectRequest
            {
                Bucket = EngineUnderTest.Bucket,
                Key = EngineUnderTest.Key(key),
                DeclaredLength = content.Length,
                Attributes = ObjectAttributes.Default with { StorageClass = storageClass },
            },
            new MemoryStream(content),
            CancellationToken.None);

    public async Task<byte[]> ReadAsync(string key)
    {
        using var opened = await Objects.OpenAsync(EngineUnderTest.Bucket, EngineUnderTest.Key(key), CancellationToken.None);
        var output = new MemoryStream();
        await opened.CopyRangeToAsync(output, 0, opened.Info.Size, CancellationToken.None);
        return output.ToArray();
    }

    public Task<ObjectInfo> HeadAsync(string key) => Objects.HeadAsync(EngineUnderTest.Bucket, EngineUnderTest.Key(key), CancellationToken.None);

    public Task<TransitionOutcome> TransitionAsync(ObjectInfo version, string storageClass) =>
        Transitions.TransitionAsync(version.Bucket, version.Key, version.VersionId, version.ETag, storageClass, CancellationToken.None);

    public Task<RestoreRequestOutcome> RestoreAsync(string key, int days, RetrievalTier tier = RetrievalTier.Standard) =>
        Restores.RequestAsync(new RestoreRequest(EngineUnderTest.Bucket, EngineUnderTest.Key(key), null, days, tier), CancellationToken.None);
}
