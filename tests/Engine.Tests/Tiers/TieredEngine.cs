using Coffer.Engine.Archive;
using Coffer.Engine.Buckets;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Objects;
using Coffer.Engine.Tiering;
using Coffer.Engine.Tiers;
using Coffer.TestKit;
using Coffer.TestKit.Fakes;
using Coffer.TestKit.Faults;

namespace Coffer.Engine.Tests.Tiers;

/// <summary>
/// The engine over in-memory ports with a GLACIER tier of its own (which can be made to fail) and a STANDARD_IA tier,
/// restores that take a 10-second lifecycle day and a one-minute Bulk delay, transitions, and Intelligent-Tiering as
/// the server wires it (its Infrequent tier lies in STANDARD_IA's tier, Archive Access in GLACIER's).
/// </summary>
internal sealed class TieredEngine
{
    public static readonly LifecycleDay Day = new(TimeSpan.FromSeconds(10));

    public TieredEngine()
    {
        Glacier = new FaultyBlobStore(GlacierStore, GlacierFaults);
        Blobs = new TieredBlobStore(
            Main, new Dictionary<string, Ports.IBlobStore> { [StorageClasses.Glacier] = Glacier, ["STANDARD_IA"] = InfrequentStore });
        var releaser = new BlobReleaser(Metadata, Blobs);
        Transitions = new StorageClassTransitions(Metadata, Blobs, releaser, Clock);
        Moves = new AccessTierMoves(Blobs, Transitions, Clock);
        Recorder = new AccessRecorder(Metadata, Moves, Day, Clock);
        Objects = new ObjectEngine(Metadata, Blobs, releaser, Clock, accesses: Recorder);
        Buckets = new BucketEngine(Metadata, Clock, new Coffer.Engine.Caching.ChangeCounter());
        Restores = new ArchiveRestores(Metadata, Blobs, Objects, releaser, Clock, Day, RestoreDelays.None with { Bulk = TimeSpan.FromMinutes(1) }, Moves);
        Pass = new IntelligentTieringPass(Metadata, Blobs, Moves, Day, Clock);
        Configurations = new BucketIntelligentTiering(new BucketSettings(Metadata));
        Buckets.CreateAsync(EngineUnderTest.Bucket, "us-east-1", "root", CancellationToken.None).GetAwaiter().GetResult();
    }

    public ManualClock Clock { get; } = new();

    public InMemoryMetadataStore Metadata { get; } = new();

    public InMemoryBlobStore Main { get; } = new();

    public InMemoryBlobStore GlacierStore { get; } = new();

    public InMemoryBlobStore InfrequentStore { get; } = new();

    public FaultPlan GlacierFaults { get; } = new();

    public FaultyBlobStore Glacier { get; }

    public TieredBlobStore Blobs { get; }

    public ObjectEngine Objects { get; }

    public BucketEngine Buckets { get; }

    public StorageClassTransitions Transitions { get; }

    public ArchiveRestores Restores { get; }

    public AccessTierMoves Moves { get; }

    public AccessRecorder Recorder { get; }

    public IntelligentTieringPass Pass { get; }

    public BucketIntelligentTiering Configurations { get; }

    public Task<ObjectInfo> PutAsync(string key, byte[] content, string storageClass = StorageClasses.Standard, TagSet? tags = null) =>
        Objects.PutAsync(
            new PutObjectRequest
            {
                Bucket = EngineUnderTest.Bucket,
                Key = EngineUnderTest.Key(key),
                DeclaredLength = content.Length,
                Attributes = ObjectAttributes.Default with { StorageClass = storageClass, Tags = tags ?? TagSet.Empty },
            },
            new MemoryStream(content),
            CancellationToken.None);

    public Task<byte[]> ReadAsync(string key) => Objects.ReadAllAsync(EngineUnderTest.Bucket, key);

    public Task<ObjectInfo> HeadAsync(string key) => Objects.HeadAsync(EngineUnderTest.Bucket, EngineUnderTest.Key(key), CancellationToken.None);

    public Task<TransitionOutcome> TransitionAsync(ObjectInfo version, string storageClass) =>
        Transitions.TransitionAsync(version.Bucket, version.Key, version.VersionId, version.ETag, storageClass, CancellationToken.None);

    /// <summary>A RestoreObject of the key; <paramref name="days"/> null as for an Intelligent-Tiering archive tier.</summary>
    public Task<RestoreRequestOutcome> RestoreAsync(string key, int? days = null, RetrievalTier tier = RetrievalTier.Standard) =>
        Restores.RequestAsync(new RestoreRequest(EngineUnderTest.Bucket, EngineUnderTest.Key(key), null, days, tier), CancellationToken.None);
}
