using Coffer.Engine.Errors;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;
using Coffer.TestKit.Faults;

namespace Coffer.Engine.Tests.Tiers;

public sealed class StorageClassTransitionsTests
{
    private readonly TieredEngine _engine = new();

    [Fact]
    public async Task Put_OfTieredClass_WritesItsBlobInTheTierAndNothingInline()
    {
        var stored = await _engine.PutAsync("small", [1, 2, 3], StorageClasses.Glacier);

        var segment = Assert.Single(stored.Segments);
        Assert.Equal(StorageClasses.Glacier, segment.Blob.Tier);
        Assert.Null(segment.InlineContent);
        Assert.True(_engine.GlacierStore.Committed.ContainsKey(segment.Blob.Local));
        Assert.Empty(_engine.Main.Committed);
    }

    [Fact]
    public async Task Transition_ToTieredClass_MovesTheBlobsThereAndReleasesTheOldOnes()
    {
        var content = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        var stored = await _engine.PutAsync("vol", content);
        var before = Assert.Single(stored.Segments).Blob;

        var outcome = await _engine.TransitionAsync(stored, StorageClasses.Glacier);
        var after = await _engine.HeadAsync("vol");

        Assert.Equal(TransitionOutcome.Transitioned, outcome);
        Assert.Equal(StorageClasses.Glacier, after.Attributes.StorageClass);
        Assert.Equal(StorageClasses.Glacier, Assert.Single(after.Segments).Blob.Tier);
        Assert.False(_engine.Main.Committed.ContainsKey(before));
        Assert.Equal(content, _engine.GlacierStore.Committed[after.Segments[0].Blob.Local]);
        Assert.Equal(stored.ETag, after.ETag);
    }

    [Fact]
    public async Task Transition_OfInlineObjectToTier_WritesItsContentAsATierBlob()
    {
        var stored = await _engine.PutAsync("tiny", [9, 8, 7]);
        Assert.NotNull(Assert.Single(stored.Segments).InlineContent);

        await _engine.TransitionAsync(stored, StorageClasses.Glacier);
        var after = await _engine.HeadAsync("tiny");

        Assert.Equal<byte>([9, 8, 7], _engine.GlacierStore.Committed[Assert.Single(after.Segments).Blob.Local]);
        Assert.Null(after.Segments[0].InlineContent);
    }

    [Fact]
    public async Task Transition_ToClassWithoutTier_ChangesTheClassAndKeepsTheBlobs()
    {
        var stored = await _engine.PutAsync("ia", new byte[100_000]);

        var outcome = await _engine.TransitionAsync(stored, "ONEZONE_IA");
        var after = await _engine.HeadAsync("ia");

        Assert.Equal(TransitionOutcome.Transitioned, outcome);
        Assert.Equal("ONEZONE_IA", after.Attributes.StorageClass);
        Assert.Equal(stored.Segments[0].Blob, after.Segments[0].Blob);
        Assert.Equal(new byte[100_000], await _engine.ReadAsync("ia"));
    }

    [Fact]
    public async Task Transition_WhenTheTierFails_LeavesTheVersionWhereItWasAndReadable()
    {
        var content = new byte[150_000];
        Random.Shared.NextBytes(content);
        var stored = await _engine.PutAsync("stays", content);
        _engine.GlacierFaults.Arm(FaultPoint.BlobWrite, FaultKind.IoError);

        var outcome = await _engine.TransitionAsync(stored, StorageClasses.Glacier);
        var after = await _engine.HeadAsync("stays");

        Assert.Equal(TransitionOutcome.TierFailed, outcome);
        Assert.Equal(StorageClasses.Standard, after.Attributes.StorageClass);
        Assert.Equal(stored.Segments[0].Blob, after.Segments[0].Blob);
        Assert.Equal(content, await _engine.ReadAsync("stays"));
        Assert.Empty(_engine.GlacierStore.Committed);
    }

    [Fact]
    public async Task Transition_OfAVersionThatChanged_IsSkippedAndChangesNothing()
    {
        var first = await _engine.PutAsync("moving", new byte[1000]);
        await _engine.PutAsync("moving", new byte[2000]);

        var outcome = await _engine.TransitionAsync(first, StorageClasses.Glacier);

        Assert.Equal(TransitionOutcome.Skipped, outcome);
        Assert.Equal(StorageClasses.Standard, (await _engine.HeadAsync("moving")).Attributes.StorageClass);
        Assert.Empty(_engine.GlacierStore.Committed);
    }

    [Fact]
    public async Task Transition_OfVersionUnderLegalHold_IsSkipped()
    {
        await _engine.Buckets.SetVersioningAsync(EngineUnderTest.Bucket, BucketVersioning.Enabled, CancellationToken.None);
        await _engine.Buckets.SetObjectLockAsync(EngineUnderTest.Bucket, new ObjectLockConfiguration(null), CancellationToken.None);
        var stored = await _engine.PutAsync("held", new byte[1000]);
        await _engine.Objects.SetLegalHoldAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("held"), null, LegalHoldStatus.On, CancellationToken.None);

        var outcome = await _engine.TransitionAsync(stored, StorageClasses.Glacier);

        Assert.Equal(TransitionOutcome.Skipped, outcome);
        Assert.Equal(StorageClasses.Standard, (await _engine.HeadAsync("held")).Attributes.StorageClass);
    }

    [Fact]
    public async Task Read_OfTransitionedArchive_IsInvalidObjectState()
    {
        var stored = await _engine.PutAsync("cold", new byte[1000]);
        await _engine.TransitionAsync(stored, StorageClasses.Glacier);

        var refused = await Assert.ThrowsAsync<EngineException>(() => _engine.ReadAsync("cold"));

        Assert.Equal(EngineError.InvalidObjectState, refused.Code);
    }
}
