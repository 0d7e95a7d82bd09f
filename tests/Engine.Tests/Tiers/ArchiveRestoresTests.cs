using Coffer.Engine.Archive;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Objects;

namespace Coffer.Engine.Tests.Tiers;

public sealed class ArchiveRestoresTests
{
    private readonly TieredEngine _engine = new();

    [Fact]
    public async Task Restore_OfArchiveInATier_CopiesItToTheMainStoreAndReadsUntilItExpires()
    {
        var content = new byte[120_000];
        Random.Shared.NextBytes(content);
        await _engine.PutAsync("vol", content, StorageClasses.Glacier);

        var outcome = await _engine.RestoreAsync("vol", days: 2);
        var ongoing = await _engine.HeadAsync("vol");
        await _engine.Restores.RunDueAsync(CancellationToken.None);
        var done = await _engine.HeadAsync("vol");
        var read = await _engine.ReadAsync("vol");
        var copy = Assert.Single(done.Restore!.RestoredBlobs);

        Assert.Equal(RestoreRequestOutcome.Started, outcome);
        Assert.True(ongoing.Restore!.IsOngoing);
        Assert.Equal(_engine.Clock.GetUtcNow() + TimeSpan.FromSeconds(20), done.Restore.ExpiresAt);
        Assert.Equal(content, read);
        Assert.Null(copy.Tier);
        Assert.True(_engine.Main.Committed.ContainsKey(copy));

        _engine.Clock.Advance(TimeSpan.FromSeconds(21));
        var (_, expired) = await _engine.Restores.RunDueAsync(CancellationToken.None);
        var after = await _engine.HeadAsync("vol");
        var refused = await Assert.ThrowsAsync<EngineException>(() => _engine.ReadAsync("vol"));

        Assert.Equal(1, expired);
        Assert.Null(after.Restore);
        Assert.Equal(StorageClasses.Glacier, after.Attributes.StorageClass);
        Assert.False(_engine.Main.Committed.ContainsKey(copy));
        Assert.Equal(EngineError.InvalidObjectState, refused.Code);
    }

    [Fact]
    public async Task Restore_WithBulkDelay_StaysOngoingUntilTheDelayPasses()
    {
        await _engine.PutAsync("slow", new byte[1000], StorageClasses.Glacier);
        await _engine.RestoreAsync("slow", days: 1, RetrievalTier.Bulk);

        await _engine.Restores.RunDueAsync(CancellationToken.None);
        var early = await _engine.HeadAsync("slow");
        var busy = await Assert.ThrowsAsync<EngineException>(() => _engine.RestoreAsync("slow", days: 1));
        _engine.Clock.Advance(TimeSpan.FromMinutes(1));
        await _engine.Restores.RunDueAsync(CancellationToken.None);
        var late = await _engine.HeadAsync("slow");

        Assert.True(early.Restore!.IsOngoing);
        Assert.Equal(EngineError.RestoreAlreadyInProgress, busy.Code);
        Assert.False(late.Restore!.IsOngoing);
        Assert.Equal(new byte[1000], await _engine.ReadAsync("slow"));
    }

    [Fact]
    public async Task Restore_OfArchiveInTheMainStore_ReadsItsOwnBlobsWithoutACopy()
    {
        await _engine.PutAsync("deep", new byte[70_000], StorageClasses.DeepArchive);

        await _engine.RestoreAsync("deep", days: 1);
        await _engine.Restores.RunDueAsync(CancellationToken.None);
        var done = await _engine.HeadAsync("deep");

        Assert.Empty(done.Restore!.RestoredBlobs);
        Assert.Equal(new byte[70_000], await _engine.ReadAsync("deep"));
    }

    [Fact]
    public async Task Restore_OfObjectNotArchived_IsInvalidObjectState()
    {
        await _engine.PutAsync("hot", new byte[10], "GLACIER_IR");

        var refused = await Assert.ThrowsAsync<EngineException>(() => _engine.RestoreAsync("hot", days: 1));

        Assert.Equal(EngineError.InvalidObjectState, refused.Code);
    }

    [Fact]
    public async Task CopyOfRestoredArchive_KeepsReadingAfterTheRestoreExpires()
    {
        var content = new byte[90_000];
        Random.Shared.NextBytes(content);
        await _engine.PutAsync("src", content, StorageClasses.Glacier);
        await _engine.RestoreAsync("src", days: 1);
        await _engine.Restores.RunDueAsync(CancellationToken.None);

        await _engine.Objects.CopyAsync(
            new CopyObjectRequest
            {
                SourceBucket = EngineUnderTest.Bucket,
                SourceKey = EngineUnderTest.Key("src"),
                Bucket = EngineUnderTest.Bucket,
                Key = EngineUnderTest.Key("dst"),
                StorageClass = StorageClasses.Standard,
            },
            CancellationToken.None);
        _engine.Clock.Advance(TimeSpan.FromSeconds(11));
        await _engine.Restores.RunDueAsync(CancellationToken.None);

        Assert.Equal(content, await _engine.ReadAsync("dst"));
        Assert.Null((await _engine.HeadAsync("dst")).Restore);
        Assert.Null((await _engine.HeadAsync("src")).Restore);
    }
}
