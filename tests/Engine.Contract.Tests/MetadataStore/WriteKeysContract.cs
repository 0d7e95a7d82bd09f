using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

/// <summary>
/// <see cref="IMetadataStore.WriteKeysAsync"/>: many key writes in one transaction, each kept or undone alone, all
/// undone when one throws; and the lifecycle rules it carries, which check again inside it what they act on.
/// </summary>
public abstract class WriteKeysContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    private static readonly Func<CommitOutcome, bool> Committed = outcome => outcome.Status == CommitStatus.Committed;

    [Fact]
    public async Task WriteKeysAsync_EachWriteOnItsKey_AllCommittedInOrderAndBlobsReleased()
    {
        var bucket = await CreateBucketAsync();
        var versions = new List<ObjectInfo>();
        foreach (var key in new[] { "a", "b", "c" })
        {
            versions.Add(await PutAsync(bucket, key, Segment()));
        }

        var outcomes = await Store.WriteKeysAsync(bucket, [.. versions.Select(v => Expire(v.Key, v))], Committed, None);

        Assert.Equal([CommitStatus.Committed, CommitStatus.Committed, CommitStatus.Committed], outcomes.Select(outcome => outcome.Status));
        Assert.Equal([versions[0].Segments[0].Blob], outcomes[0].ReleasedBlobs);
        Assert.Equal([versions[2].Segments[0].Blob], outcomes[2].ReleasedBlobs);
        foreach (var version in versions)
        {
            Assert.Null(await Store.GetLatestAsync(bucket, version.Key, None));
        }

        Assert.Equal(Sorted(versions.Select(v => v.Segments[0].Blob)), Sorted(await Store.PendingBlobDeletionsAsync(10, None)));
    }

    [Fact]
    public async Task WriteKeysAsync_OneWriteRefused_OnlyThatOneUndone()
    {
        var bucket = await CreateBucketAsync();
        var a = await PutAsync(bucket, "a", Segment());
        var b = await PutAsync(bucket, "b", Segment());
        var c = await PutAsync(bucket, "c", Segment());

        // The write on b removes its version, then its result is refused: the removal must not stay.
        KeyWrite<CommitOutcome> refused = new("b", keyTx =>
        {
            keyTx.Remove(keyTx.FindLatest()!);
            return CommitOutcome.Of(CommitStatus.ConditionFailed);
        });
        var outcomes = await Store.WriteKeysAsync(bucket, [Expire("a", a), refused, Expire("c", c)], Committed, None);

        Assert.Equal([CommitStatus.Committed, CommitStatus.ConditionFailed, CommitStatus.Committed], outcomes.Select(outcome => outcome.Status));
        Assert.Null(await Store.GetLatestAsync(bucket, "a", None));
        AssertSameVersion(b, await Store.GetLatestAsync(bucket, "b", None));
        Assert.Null(await Store.GetLatestAsync(bucket, "c", None));
    }

    [Fact]
    public async Task WriteKeysAsync_OneWriteThrows_CallFailsAndNothingStays()
    {
        var bucket = await CreateBucketAsync();
        var a = await PutAsync(bucket, "a", Segment());
        var b = await PutAsync(bucket, "b", Segment());
        KeyWrite<CommitOutcome> throws = new("b", _ => throw new InvalidOperationException("rule failed"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteKeysAsync(bucket, [Expire("a", a), throws], Committed, None));

        AssertSameVersion(a, await Store.GetLatestAsync(bucket, "a", None));
        AssertSameVersion(b, await Store.GetLatestAsync(bucket, "b", None));
        Assert.Empty(await Store.PendingBlobDeletionsAsync(10, None));
    }

    [Fact]
    public async Task WriteKeysAsync_TwoWritesOnOneKey_TheSecondSeesTheFirst()
    {
        var bucket = await CreateBucketAsync();
        var a = await PutAsync(bucket, "a", Segment());

        var outcomes = await Store.WriteKeysAsync(bucket, [Expire("a", a), Expire("a", a)], Committed, None);

        Assert.Equal([CommitStatus.Committed, CommitStatus.NotFound], outcomes.Select(outcome => outcome.Status));
    }

    [Fact]
    public async Task WriteKeysAsync_NoSuchBucket_EveryWriteSaysSo()
    {
        var version = Version("missing", "a", Segment());

        var outcomes = await Store.WriteKeysAsync("missing", [Expire("a", version), Expire("b", version)], Committed, None);

        Assert.All(outcomes, outcome => Assert.Equal(CommitStatus.NoSuchBucket, outcome.Status));
    }

    [Fact]
    public async Task WriteKeysAsync_ExpireCurrentOfAnOverwrittenNullVersion_NotFoundAndTheNewOneStays()
    {
        var bucket = await CreateBucketAsync();
        var old = await PutAsync(bucket, "a", Segment());
        var later = Version(bucket, "a", Segment()) with { LastModified = old.LastModified.AddSeconds(1) };
        var overwrite = (await Store.CommitVersionAsync(later, WriteCondition.None, BlobOrigin.NewlyWritten, None)).Stored!;

        var outcomes = await Store.WriteKeysAsync(bucket, [Expire("a", old)], Committed, None);

        Assert.Equal(CommitStatus.NotFound, outcomes[0].Status);
        AssertSameVersion(overwrite, await Store.GetLatestAsync(bucket, "a", None));
    }

    [Fact]
    public async Task WriteKeysAsync_ExpireCurrentInVersionedBucket_DeleteMarkerAboveAndTheVersionKept()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        var version = await PutAsync(bucket, "a", Segment());

        var outcomes = await Store.WriteKeysAsync(bucket, [Expire("a", version)], Committed, None);

        Assert.Equal(CommitStatus.Committed, outcomes[0].Status);
        Assert.Empty(outcomes[0].ReleasedBlobs);
        Assert.True((await Store.GetLatestAsync(bucket, "a", None))!.IsDeleteMarker);
        Assert.NotNull(await Store.GetVersionAsync(bucket, "a", version.VersionId, None));
    }

    [Fact]
    public async Task WriteKeysAsync_RemoveNoncurrentUnderLegalHold_ObjectLockedAndKept()
    {
        var bucket = await CreateLockedBucketAsync();
        var held = await Store.CommitVersionAsync(
            Version(bucket, "a", Segment()) with { Attributes = ObjectAttributes.Default with { LegalHold = LegalHoldStatus.On } },
            WriteCondition.None,
            BlobOrigin.NewlyWritten,
            None);
        var free = await PutAsync(bucket, "b", Segment());
        await PutAsync(bucket, "a", Segment());
        await PutAsync(bucket, "b", Segment());

        var outcomes = await Store.WriteKeysAsync(bucket, [RemoveNoncurrent("a", held.Stored!), RemoveNoncurrent("b", free)], Committed, None);

        Assert.Equal([CommitStatus.ObjectLocked, CommitStatus.Committed], outcomes.Select(outcome => outcome.Status));
        Assert.NotNull(await Store.GetVersionAsync(bucket, "a", held.Stored!.VersionId, None));
        Assert.Null(await Store.GetVersionAsync(bucket, "b", free.VersionId, None));
    }

    private static KeyWrite<CommitOutcome> Expire(string key, ObjectInfo version) =>
        new(key, keyTx => LifecycleVersionRules.ExpireCurrent(keyTx, version.VersionId, version.LastModified, Now()));

    private static KeyWrite<CommitOutcome> RemoveNoncurrent(string key, ObjectInfo version) =>
        new(key, keyTx => LifecycleVersionRules.RemoveNoncurrent(keyTx, version.VersionId, Now()));
}
