using Coffer.Engine.Archive;
using Coffer.Engine.Buckets;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Objects;
using Coffer.Engine.Tests.Fakes;
using Coffer.Engine.Tiering;
using Coffer.Engine.Tiers;
using Coffer.TestKit;

namespace Coffer.Engine.Tests.Tiering;

/// <summary>
/// The engine over in-memory ports as the server wires Intelligent-Tiering: STANDARD_IA and GLACIER in tiers of their
/// own (so Infrequent and Archive Access lie there), everything else in the main store, 10-second lifecycle days.
/// </summary>
internal sealed class TieringEngine
{
    public static readonly LifecycleDay Day = new(TimeSpan.FromSeconds(10));

    public TieringEngine()
    {
        Blobs = new TieredBlobStore(Main, new Dictionary<string, Ports.IBlobStore> { ["STANDARD_IA"] = InfrequentStore, [StorageClasses.Glacier] = GlacierStore });
        var releaser = new BlobReleaser(Metadata, Blobs);
        Moves = new AccessTierMoves(Blobs, new StorageClassTransitions(Metadata, Blobs, releaser, Clock), Clock);
        Recorder = new AccessRecorder(Metadata, Moves, Day, Clock);
        Objects = new ObjectEngine(Metadata, Blobs, releaser, Clock, accesses: Recorder);
        Pass = new IntelligentTieringPass(Metadata, Blobs, Moves, Day, Clock);
        Restores = new ArchiveRestores(Metadata, Blobs, Objects, releaser, Clock, Day, RestoreDelays.None, Moves);
        Configurations = new BucketIntelligentTiering(new BucketSettings(Metadata));
        new BucketEngine(Metadata, Clock, new Coffer.Engine.Caching.ChangeCounter())
            .CreateAsync(EngineUnderTest.Bucket, "us-east-1", "root", CancellationToken.None).GetAwaiter().GetResult();
    }

    public ManualClock Clock { get; } = new();

    public InMemoryMetadataStore Metadata { get; } = new();

    public InMemoryBlobStore Main { get; } = new();

    public InMemoryBlobStore InfrequentStore { get; } = new();

    public InMemoryBlobStore GlacierStore { get; } = new();

    public TieredBlobStore Blobs { get; }

    public AccessTierMoves Moves { get; }

    public AccessRecorder Recorder { get; }

    public ObjectEngine Objects { get; }

    public IntelligentTieringPass Pass { get; }

    public ArchiveRestores Restores { get; }

    public BucketIntelligentTiering Configurations { get; }

    public static byte[] Content(int size) => [.. Enumerable.Range(0, size).Select(i => (byte)(i * 7))];

    public Task<ObjectInfo> PutAsync(string key, byte[] content, TagSet? tags = null) =>
        Objects.PutAsync(
            new PutObjectRequest
            {
                Bucket = EngineUnderTest.Bucket,
                Key = EngineUnderTest.Key(key),
                DeclaredLength = content.Length,
                Attributes = ObjectAttributes.Default with { StorageClass = StorageClasses.IntelligentTiering, Tags = tags ?? TagSet.Empty },
            },
            new MemoryStream(content),
            CancellationToken.None);

    public Task<ObjectInfo> HeadAsync(string key) => Objects.HeadAsync(EngineUnderTest.Bucket, EngineUnderTest.Key(key), CancellationToken.None);

    public async Task<byte[]> ReadAsync(string key)
    {
        using var opened = await Objects.OpenAsync(EngineUnderTest.Bucket, EngineUnderTest.Key(key), CancellationToken.None);
        var output = new MemoryStream();
        await opened.CopyRangeToAsync(output, 0, opened.Info.Size, CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>Lets <paramref name="days"/> lifecycle days pass, then runs the day's pass over the bucket.</summary>
    public Task<IntelligentTieringCounts> PassAfterAsync(int days)
    {
        Clock.Advance(Day.Length * days);
        return Pass.RunBucketAsync(EngineUnderTest.Bucket, CancellationToken.None);
    }

    public Task EnableAsync(string id, string prefix = "", IReadOnlyList<Tag>? tags = null, int archiveDays = 90, int? deepDays = null) =>
        Configurations.PutAsync(
            EngineUnderTest.Bucket,
            new IntelligentTieringConfiguration
            {
                Id = id,
                Enabled = true,
                Prefix = prefix,
                Tags = tags ?? [],
                Tierings = deepDays is { } deep
                    ? [new IntelligentTiering(IntelligentTieringAccessTier.ArchiveAccess, archiveDays), new IntelligentTiering(IntelligentTieringAccessTier.DeepArchiveAccess, deep)]
                    : [new IntelligentTiering(IntelligentTieringAccessTier.ArchiveAccess, archiveDays)],
            },
            CancellationToken.None);

    public Task<RestoreRequestOutcome> RestoreAsync(string key, int? days = null) =>
        Restores.RequestAsync(new RestoreRequest(EngineUnderTest.Bucket, EngineUnderTest.Key(key), null, days, RetrievalTier.Standard), CancellationToken.None);
}
