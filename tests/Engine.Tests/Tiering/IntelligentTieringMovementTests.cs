using Coffer.Engine.Archive;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Tests.Tiers;
using Coffer.Engine.Tiering;

namespace Coffer.Engine.Tests.Tiering;

public sealed class IntelligentTieringMovementTests
{
    private const int Large = 200_000;

    private readonly TieredEngine _engine = new();

    [Fact]
    public async Task Pass_AfterThirtyDaysWithoutAccess_MovesToInfrequentWithBytesInTheStandardIaTier()
    {
        var content = Content(Large);
        await PutAsync("idle", content);

        var counts = await PassAfterAsync(30);
        var after = await _engine.HeadAsync("idle");

        Assert.Equal(1, counts.Moved);
        Assert.Equal(AccessTier.Infrequent, after.Tiering!.Tier);
        Assert.Equal(StorageClasses.IntelligentTiering, after.Attributes.StorageClass);
        Assert.Equal("STANDARD_IA", Assert.Single(after.Segments).Blob.Tier);
        Assert.Equal(content, _engine.InfrequentStore.Committed[after.Segments[0].Blob.Local]);
        Assert.Empty(_engine.Main.Committed);
    }

    [Fact]
    public async Task Pass_AfterTwentyNineDays_LeavesTheVersionFrequent()
    {
        await PutAsync("warm", Content(Large));

        var counts = await PassAfterAsync(29);

        Assert.Equal(0, counts.Moved);
        Assert.Null((await _engine.HeadAsync("warm")).Tiering);
        Assert.Empty(_engine.InfrequentStore.Committed);
    }

    [Fact]
    public async Task Pass_ObjectUnder128KiB_IsNotMonitoredAndStaysFrequent()
    {
        await PutAsync("small", Content(128 * 1024 - 1));

        await PassAfterAsync(400);

        Assert.Null((await _engine.HeadAsync("small")).Tiering);
        Assert.Empty(_engine.InfrequentStore.Committed);
    }

    [Fact]
    public async Task Pass_AfterNinetyDaysWithoutConfiguration_IsArchiveInstantAndStillReads()
    {
        var content = Content(Large);
        await PutAsync("cool", content);

        await PassAfterAsync(30);
        var infrequent = Assert.Single((await _engine.HeadAsync("cool")).Segments).Blob;
        await PassAfterAsync(60);
        var after = await _engine.HeadAsync("cool");

        // GLACIER_IR has no tier of its own here, so Archive Instant lies where INTELLIGENT_TIERING does: the main store.
        Assert.Equal(AccessTier.ArchiveInstant, after.Tiering!.Tier);
        Assert.Null(Assert.Single(after.Segments).Blob.Tier);
        Assert.Contains(infrequent, await QueuedForDeletionAsync());
        Assert.Equal(content, await _engine.ReadAsync("cool"));
    }

    [Fact]
    public async Task Access_OfInfrequentVersion_BringsItBackToFrequentInTheMainStore()
    {
        var content = Content(Large);
        await PutAsync("again", content);
        await PassAfterAsync(31);
        var infrequent = await _engine.HeadAsync("again");

        var recorded = await _engine.Recorder.RecordAsync(infrequent, _engine.Clock.GetUtcNow(), CancellationToken.None);
        var after = await _engine.HeadAsync("again");

        Assert.True(recorded);
        Assert.Equal(new TieringState(AccessTier.Frequent, _engine.Clock.GetUtcNow()), after.Tiering);
        Assert.Null(Assert.Single(after.Segments).Blob.Tier);
        Assert.Contains(infrequent.Segments[0].Blob, await QueuedForDeletionAsync());
        Assert.Equal(content, await _engine.ReadAsync("again"));
    }

    [Fact]
    public async Task Read_OfInfrequentVersion_MovesItBackToFrequentAfterTheRead()
    {
        var content = Content(Large);
        await PutAsync("read", content);
        await PassAfterAsync(31);

        var read = await _engine.ReadAsync("read");
        var after = await WaitForAsync("read", version => version.Tiering?.Tier == AccessTier.Frequent);

        Assert.Equal(content, read);
        Assert.Null(Assert.Single(after.Segments).Blob.Tier);
    }

    [Fact]
    public async Task Access_SecondTheSameDay_WritesNothing()
    {
        var put = await PutAsync("busy", Content(Large));
        _engine.Clock.Advance(TieredEngine.Day.Length);
        var firstAt = _engine.Clock.GetUtcNow();
        Assert.True(await _engine.Recorder.RecordAsync(put, firstAt, CancellationToken.None));
        var writesAfterFirst = _engine.Metadata.KeyWritesKept;
        var recorded = await _engine.HeadAsync("busy");

        _engine.Clock.Advance(TieredEngine.Day.Length / 3);
        var second = await _engine.Recorder.RecordAsync(recorded, _engine.Clock.GetUtcNow(), CancellationToken.None);
        var third = await _engine.Recorder.RecordAsync(recorded, _engine.Clock.GetUtcNow(), CancellationToken.None);

        Assert.False(second || third);
        Assert.Equal(writesAfterFirst, _engine.Metadata.KeyWritesKept);
        Assert.Equal(firstAt, (await _engine.HeadAsync("busy")).Tiering!.LastAccessed);
    }

    [Fact]
    public async Task Access_OnTheDayOfTheWrite_WritesNothing()
    {
        var put = await PutAsync("new", Content(Large));
        var writes = _engine.Metadata.KeyWritesKept;

        var recorded = await _engine.Recorder.RecordAsync(put, _engine.Clock.GetUtcNow(), CancellationToken.None);

        Assert.False(recorded);
        Assert.Equal(writes, _engine.Metadata.KeyWritesKept);
    }

    [Fact]
    public async Task Pass_WithMatchingEnabledConfiguration_ArchivesAndRefusesReadsNamingTheAccessTier()
    {
        await EnableAsync("archive", prefix: "logs/");
        await PutAsync("logs/old", Content(Large));

        await PassAfterAsync(90);
        var after = await _engine.HeadAsync("logs/old");
        var refused = await Assert.ThrowsAsync<EngineException>(() => _engine.ReadAsync("logs/old"));

        Assert.Equal(AccessTier.ArchiveAccess, after.Tiering!.Tier);
        Assert.True(after.IsInArchiveAccessTier);
        Assert.Equal(StorageClasses.Glacier, Assert.Single(after.Segments).Blob.Tier);
        Assert.Equal(EngineError.InvalidObjectState, refused.Code);
        Assert.Contains(new KeyValuePair<string, string>("AccessTier", "ARCHIVE_ACCESS"), refused.Details);
        Assert.Contains(new KeyValuePair<string, string>("StorageClass", "INTELLIGENT_TIERING"), refused.Details);
    }

    [Fact]
    public async Task Pass_ConfigurationWhosePrefixOrTagsDoNotMatch_ArchivesNothing()
    {
        await EnableAsync("by-prefix", prefix: "logs/");
        await EnableAsync("by-tag", tags: [new Tag("archive", "yes")]);
        await PutAsync("data/untagged", Content(Large));
        await PutAsync("data/other-tag", Content(Large), TagSet.FromStored([new Tag("archive", "no")]));
        await PutAsync("data/tagged", Content(Large), TagSet.FromStored([new Tag("archive", "yes")]));

        await PassAfterAsync(100);

        Assert.Equal(AccessTier.ArchiveInstant, (await _engine.HeadAsync("data/untagged")).Tiering!.Tier);
        Assert.Equal(AccessTier.ArchiveInstant, (await _engine.HeadAsync("data/other-tag")).Tiering!.Tier);
        Assert.Equal(AccessTier.ArchiveAccess, (await _engine.HeadAsync("data/tagged")).Tiering!.Tier);
    }

    [Fact]
    public async Task Pass_DisabledConfiguration_ArchivesNothing()
    {
        await EnableAsync("off");
        var off = (await _engine.Configurations.GetAsync(EngineUnderTest.Bucket, "off", CancellationToken.None))! with { Enabled = false };
        await _engine.Configurations.PutAsync(EngineUnderTest.Bucket, off, CancellationToken.None);
        await PutAsync("kept", Content(Large));

        await PassAfterAsync(200);

        Assert.Equal(AccessTier.ArchiveInstant, (await _engine.HeadAsync("kept")).Tiering!.Tier);
    }

    [Fact]
    public async Task Pass_DeepArchiveDays_TakesAnArchivedVersionDeeper()
    {
        await EnableAsync("both", archiveDays: 90, deepDays: 180);
        await PutAsync("deep", Content(Large));

        await PassAfterAsync(95);
        var archived = (await _engine.HeadAsync("deep")).Tiering!.Tier;
        await PassAfterAsync(90);

        Assert.Equal(AccessTier.ArchiveAccess, archived);
        Assert.Equal(AccessTier.DeepArchiveAccess, (await _engine.HeadAsync("deep")).Tiering!.Tier);
    }

    [Fact]
    public async Task Pass_RunAgainTheSameDay_MovesNothing()
    {
        await PutAsync("once", Content(Large));
        await PassAfterAsync(31);
        var writes = _engine.Metadata.KeyWritesKept;

        var again = await _engine.Pass.RunBucketAsync(EngineUnderTest.Bucket, CancellationToken.None);

        Assert.Equal(0, again.Moved);
        Assert.Equal(writes, _engine.Metadata.KeyWritesKept);
    }

    [Fact]
    public async Task Restore_OfArchiveAccessVersion_IsOngoingThenBringsItBackToFrequentWithTheSameBytes()
    {
        var content = Content(Large);
        await EnableAsync("archive");
        await PutAsync("vault", content);
        await PassAfterAsync(91);
        var archive = Assert.Single((await _engine.HeadAsync("vault")).Segments).Blob;

        var started = await _engine.RestoreAsync("vault");
        var again = await Assert.ThrowsAsync<EngineException>(() => _engine.RestoreAsync("vault"));
        var whileOngoing = await _engine.HeadAsync("vault");
        await _engine.Restores.RunDueAsync(CancellationToken.None);
        var after = await _engine.HeadAsync("vault");

        Assert.Equal(RestoreRequestOutcome.Started, started);
        Assert.Equal(EngineError.RestoreAlreadyInProgress, again.Code);
        Assert.True(whileOngoing.Restore!.IsOngoing);
        Assert.Equal(AccessTier.Frequent, after.Tiering!.Tier);
        Assert.Null(after.Restore);
        Assert.Null(Assert.Single(after.Segments).Blob.Tier);
        Assert.Contains(archive, await QueuedForDeletionAsync());
        Assert.Equal(content, await _engine.ReadAsync("vault"));
    }

    [Fact]
    public async Task Restore_WithDaysOfArchiveAccessVersion_IsInvalidArgumentAndStartsNothing()
    {
        await EnableAsync("archive");
        await PutAsync("vault", Content(Large));
        await PassAfterAsync(91);

        var refused = await Assert.ThrowsAsync<EngineException>(() => _engine.RestoreAsync("vault", 2));

        Assert.Equal(EngineError.InvalidArgument, refused.Code);
        Assert.Null((await _engine.HeadAsync("vault")).Restore);
    }

    [Fact]
    public async Task Restore_OfFrequentVersion_IsInvalidObjectState()
    {
        await PutAsync("hot", Content(Large));

        var refused = await Assert.ThrowsAsync<EngineException>(() => _engine.RestoreAsync("hot"));

        Assert.Equal(EngineError.InvalidObjectState, refused.Code);
    }

    private static byte[] Content(int size) => [.. Enumerable.Range(0, size).Select(i => (byte)(i * 7))];

    private Task<ObjectInfo> PutAsync(string key, byte[] content, TagSet? tags = null) => _engine.PutAsync(key, content, StorageClasses.IntelligentTiering, tags);

    /// <summary>Lets <paramref name="days"/> lifecycle days pass, then runs the day's pass over the bucket.</summary>
    private Task<IntelligentTieringCounts> PassAfterAsync(int days)
    {
        _engine.Clock.Advance(TieredEngine.Day.Length * days);
        return _engine.Pass.RunBucketAsync(EngineUnderTest.Bucket, CancellationToken.None);
    }

    private Task EnableAsync(string id, string prefix = "", IReadOnlyList<Tag>? tags = null, int archiveDays = 90, int? deepDays = null) =>
        _engine.Configurations.PutAsync(
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

    /// <summary>Released blobs of a tier wait in the deletion queue for the collector (a remote tier may still be read).</summary>
    private Task<IReadOnlyList<BlobId>> QueuedForDeletionAsync() => _engine.Metadata.PendingBlobDeletionsAsync(100, CancellationToken.None);

    /// <summary>Reads the version until <paramref name="done"/> holds of it: the move after a read runs in the background.</summary>
    private async Task<ObjectInfo> WaitForAsync(string key, Func<ObjectInfo, bool> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            var version = await _engine.HeadAsync(key);
            if (done(version) || attempt == 500)
            {
                return version;
            }

            await Task.Delay(20);
        }
    }
}
