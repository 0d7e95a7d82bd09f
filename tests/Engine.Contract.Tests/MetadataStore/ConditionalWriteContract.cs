using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

public abstract class ConditionalWriteContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    private static readonly WriteCondition MustNotExist = new() { MustNotExist = true };

    [Fact]
    public async Task CommitVersionAsync_MustNotExistOnNewKey_Committed()
    {
        var bucket = await CreateBucketAsync();
        var version = Version(bucket, "key", Segment());

        var outcome = await Store.CommitVersionAsync(version, MustNotExist, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        AssertSameVersion(version, await Store.GetLatestAsync(bucket, "key", None));
    }

    [Fact]
    public async Task CommitVersionAsync_MustNotExistOnExistingKey_ConditionFailedAndNothingChanges()
    {
        var bucket = await CreateBucketAsync();
        var existing = await PutAsync(bucket, "key", Segment());
        var rejected = Version(bucket, "key", Segment());

        var outcome = await Store.CommitVersionAsync(rejected, MustNotExist, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.ConditionFailed, outcome.Status);
        Assert.Empty(outcome.ReleasedBlobs);
        AssertSameVersion(existing, await Store.GetLatestAsync(bucket, "key", None));
        Assert.False(await Store.IsBlobKnownAsync(rejected.Segments[0].Blob, None));
        Assert.Empty(await Store.PendingBlobDeletionsAsync(10, None));
    }

    [Fact]
    public async Task CommitVersionAsync_MustNotExistOverDeleteMarker_Committed()
    {
        var bucket = await CreateBucketAsync();
        var marker = Version(bucket, "key") with { IsDeleteMarker = true };
        await Store.CommitVersionAsync(marker, WriteCondition.None, BlobOrigin.NewlyWritten, None);

        var outcome = await Store.CommitVersionAsync(Version(bucket, "key", Segment()), MustNotExist, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
    }

    [Fact]
    public async Task CommitVersionAsync_ETagMustMatchCurrent_Committed()
    {
        var bucket = await CreateBucketAsync();
        var existing = await PutAsync(bucket, "key", Segment());
        var replacement = Version(bucket, "key", Segment());

        var outcome = await Store.CommitVersionAsync(
            replacement, new WriteCondition { ETagMustMatch = existing.ETag }, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Equal([existing.Segments[0].Blob], outcome.ReleasedBlobs);
        AssertSameVersion(replacement, await Store.GetLatestAsync(bucket, "key", None));
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData(" {0} ")]
    [InlineData("W/{0}")]
    [InlineData("{1}")]
    public async Task CommitVersionAsync_ETagMustMatchWrittenDifferently_Committed(string format)
    {
        var bucket = await CreateBucketAsync();
        var existing = await PutAsync(bucket, "key", Segment());
        var etag = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, existing.ETag, existing.ETag.Trim('"'));

        var outcome = await Store.CommitVersionAsync(
            Version(bucket, "key", Segment()), new WriteCondition { ETagMustMatch = etag }, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
    }

    [Fact]
    public async Task CommitVersionAsync_ETagMustMatchAnother_ConditionFailedAndNothingChanges()
    {
        var bucket = await CreateBucketAsync();
        var existing = await PutAsync(bucket, "key", Segment());

        var outcome = await Store.CommitVersionAsync(
            Version(bucket, "key", Segment()), new WriteCondition { ETagMustMatch = "\"0123\"" }, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.ConditionFailed, outcome.Status);
        AssertSameVersion(existing, await Store.GetLatestAsync(bucket, "key", None));
    }

    [Fact]
    public async Task CommitVersionAsync_ETagMustMatchOnMissingKey_NotFound()
    {
        var bucket = await CreateBucketAsync();

        var outcome = await Store.CommitVersionAsync(
            Version(bucket, "key", Segment()), new WriteCondition { ETagMustMatch = "\"0123\"" }, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.NotFound, outcome.Status);
        Assert.Null(await Store.GetLatestAsync(bucket, "key", None));
    }

    [Fact]
    public async Task CommitVersionAsync_TwentyConcurrentMustNotExist_ExactlyOneCommitted()
    {
        var bucket = await CreateBucketAsync();
        var contenders = Enumerable.Range(0, 20).Select(_ => Version(bucket, "race", Segment())).ToList();

        var outcomes = await Task.WhenAll(contenders.Select(version =>
            Task.Run(() => Store.CommitVersionAsync(version, MustNotExist, BlobOrigin.NewlyWritten, None))));

        Assert.Single(outcomes, outcome => outcome.Status == CommitStatus.Committed);
        Assert.Equal(19, outcomes.Count(outcome => outcome.Status == CommitStatus.ConditionFailed));
        var winner = contenders[Array.FindIndex(outcomes, outcome => outcome.Status == CommitStatus.Committed)];
        AssertSameVersion(winner, await Store.GetLatestAsync(bucket, "race", None));
        Assert.Empty(await Store.CheckIntegrityAsync(None));
    }

    [Fact]
    public async Task DeleteCurrentAsync_ETagMustMatchCurrent_Committed()
    {
        var bucket = await CreateBucketAsync();
        var existing = await PutAsync(bucket, "key", Segment());

        var outcome = await Store.DeleteCurrentAsync(bucket, "key", new WriteCondition { ETagMustMatch = existing.ETag }, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Null(await Store.GetLatestAsync(bucket, "key", None));
    }

    [Fact]
    public async Task DeleteCurrentAsync_ETagMustMatchAnother_ConditionFailedAndKept()
    {
        var bucket = await CreateBucketAsync();
        var existing = await PutAsync(bucket, "key", Segment());

        var outcome = await Store.DeleteCurrentAsync(bucket, "key", new WriteCondition { ETagMustMatch = "\"0123\"" }, None);

        Assert.Equal(CommitStatus.ConditionFailed, outcome.Status);
        Assert.Empty(outcome.ReleasedBlobs);
        AssertSameVersion(existing, await Store.GetLatestAsync(bucket, "key", None));
    }
}
