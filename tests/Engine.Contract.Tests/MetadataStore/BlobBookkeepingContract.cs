using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

public abstract class BlobBookkeepingContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    [Fact]
    public async Task PendingBlobDeletionsAsync_AfterOverwrite_ListsReleasedBlobsUntilForgotten()
    {
        var bucket = await CreateBucketAsync();
        var old = await PutAsync(bucket, "key", Segment(), Segment());
        var outcome = await Store.CommitVersionAsync(Version(bucket, "key", Segment()), WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal(Sorted(outcome.ReleasedBlobs), Sorted(await Store.PendingBlobDeletionsAsync(10, None)));

        await Store.ForgetBlobDeletionsAsync([old.Segments[0].Blob], None);
        Assert.Equal([old.Segments[1].Blob], await Store.PendingBlobDeletionsAsync(10, None));

        await Store.ForgetBlobDeletionsAsync([old.Segments[1].Blob], None);
        Assert.Empty(await Store.PendingBlobDeletionsAsync(10, None));
        Assert.False(await Store.IsBlobKnownAsync(old.Segments[0].Blob, None));
    }

    [Fact]
    public async Task CommitVersionAsync_OverwritingAnInlineVersion_ReleasesNothingForTheCollector()
    {
        var bucket = await CreateBucketAsync();
        await PutAsync(bucket, "key", Segment(3) with { InlineContent = [1, 2, 3] });

        var outcome = await Store.CommitVersionAsync(Version(bucket, "key", Segment()), WriteCondition.None, BlobOrigin.NewlyWritten, None);

        // Inline bytes go with their last reference, in the same transaction: there is no blob file left to delete.
        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Empty(outcome.ReleasedBlobs);
        Assert.Empty(await Store.PendingBlobDeletionsAsync(10, None));
    }

    [Fact]
    public async Task PendingBlobDeletionsAsync_Limit_ReturnsAtMostThatMany()
    {
        var bucket = await CreateBucketAsync();
        await PutAsync(bucket, "key", Segment(), Segment(), Segment(), Segment(), Segment());
        await Store.DeleteCurrentAsync(bucket, "key", WriteCondition.None, None);

        Assert.Equal(2, (await Store.PendingBlobDeletionsAsync(2, None)).Count);
        Assert.Equal(5, (await Store.PendingBlobDeletionsAsync(100, None)).Count);
    }

    [Fact]
    public async Task ForgetBlobDeletionsAsync_UnknownBlob_DoesNothing()
    {
        await Store.ForgetBlobDeletionsAsync([BlobId.New()], None);

        Assert.Empty(await Store.PendingBlobDeletionsAsync(10, None));
    }

    [Fact]
    public async Task IsBlobKnownAsync_ReferencedPendingAndUnknown_TrueTrueFalse()
    {
        var bucket = await CreateBucketAsync();
        var pending = await PutAsync(bucket, "old", Segment());
        await Store.DeleteCurrentAsync(bucket, "old", WriteCondition.None, None);
        var referenced = await PutAsync(bucket, "live", Segment());

        Assert.True(await Store.IsBlobKnownAsync(referenced.Segments[0].Blob, None));
        Assert.True(await Store.IsBlobKnownAsync(pending.Segments[0].Blob, None));
        Assert.False(await Store.IsBlobKnownAsync(BlobId.New(), None));
    }

    [Fact]
    public async Task CheckIntegrityAsync_AfterMixedWork_FindsNoProblems()
    {
        var bucket = await CreateBucketAsync();
        var source = await PutAsync(bucket, "a", Segment(), Segment());
        await Store.CommitVersionAsync(Version(bucket, "b", [.. source.Segments]), WriteCondition.None, BlobOrigin.SharedWithStoredVersions, None);
        await PutAsync(bucket, "a", Segment());
        await Store.DeleteCurrentAsync(bucket, "b", WriteCondition.None, None);
        await Store.CommitVersionAsync(Version(bucket, "c") with { IsDeleteMarker = true }, WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Empty(await Store.CheckIntegrityAsync(None));
    }

    [Fact]
    public async Task DisposeAndReopen_AfterWrites_EverythingIsStillThere()
    {
        var bucket = new BucketInfo("photos", "eu-central-1", "alice", Now());
        await Store.CreateBucketAsync(bucket, None);
        var kept = Version("photos", "a😀/b", Segment(), Segment()) with
        {
            Attributes = new ObjectAttributes { Headers = new ObjectHeaders { ContentType = "image/jpeg", UserMetadata = new Dictionary<string, string> { ["k"] = "vé" } } },
            Checksum = new ObjectChecksum(ChecksumAlgorithm.Sha256, "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="),
        };
        await Store.CommitVersionAsync(kept, WriteCondition.None, BlobOrigin.NewlyWritten, None);
        var replaced = await PutAsync("photos", "old", Segment());
        await PutAsync("photos", "old", Segment());

        await ReopenAsync();

        Assert.Equal([bucket], await Store.ListBucketsAsync(None));
        AssertSameVersion(kept, await Store.GetLatestAsync("photos", kept.Key, None));
        Assert.Equal([replaced.Segments[0].Blob], await Store.PendingBlobDeletionsAsync(10, None));
        Assert.Equal(2, (await Store.ScanAsync("photos", default, false, default, 10, None)).Count);
        Assert.Empty(await Store.CheckIntegrityAsync(None));
    }
}
