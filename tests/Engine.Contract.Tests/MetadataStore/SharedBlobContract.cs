using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

/// <summary>CopyObject's commits: versions that share blobs, and blobs released by the last reference only.</summary>
public abstract class SharedBlobContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    [Fact]
    public async Task CommitVersionAsync_SharedBlobs_CopyReadsBackWithTheSourceBlobs()
    {
        var bucket = await CreateBucketAsync();
        var source = await PutAsync(bucket, "source", Segment(), Segment());
        var copy = Version(bucket, "copy", [.. source.Segments]);

        var outcome = await Store.CommitVersionAsync(copy, WriteCondition.None, BlobOrigin.SharedWithStoredVersions, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        AssertSameVersion(copy, await Store.GetLatestAsync(bucket, "copy", None));
    }

    [Fact]
    public async Task CommitVersionAsync_SourceOverwrittenAfterCopy_BlobStaysAlive()
    {
        var bucket = await CreateBucketAsync();
        var source = await PutAsync(bucket, "source", Segment());
        await Store.CommitVersionAsync(Version(bucket, "copy", [.. source.Segments]), WriteCondition.None, BlobOrigin.SharedWithStoredVersions, None);

        var overwrite = await Store.CommitVersionAsync(Version(bucket, "source", Segment()), WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.Committed, overwrite.Status);
        Assert.Empty(overwrite.ReleasedBlobs);
        Assert.Empty(await Store.PendingBlobDeletionsAsync(10, None));
        Assert.True(await Store.IsBlobKnownAsync(source.Segments[0].Blob, None));
    }

    [Fact]
    public async Task DeleteCurrentAsync_LastReferenceToASharedBlob_ReleasesIt()
    {
        var bucket = await CreateBucketAsync();
        var source = await PutAsync(bucket, "source", Segment());
        var blob = source.Segments[0].Blob;
        await Store.CommitVersionAsync(Version(bucket, "copy", [.. source.Segments]), WriteCondition.None, BlobOrigin.SharedWithStoredVersions, None);

        var first = await Store.DeleteCurrentAsync(bucket, "source", WriteCondition.None, None);
        var last = await Store.DeleteCurrentAsync(bucket, "copy", WriteCondition.None, None);

        Assert.Empty(first.ReleasedBlobs);
        Assert.Equal([blob], last.ReleasedBlobs);
        Assert.Equal([blob], await Store.PendingBlobDeletionsAsync(10, None));
    }

    [Fact]
    public async Task CommitVersionAsync_CopyOntoItself_ReleasesNothing()
    {
        var bucket = await CreateBucketAsync();
        var source = await PutAsync(bucket, "key", Segment());
        var newMetadata = Version(bucket, "key", [.. source.Segments]) with
        {
            Attributes = new ObjectAttributes { Headers = new ObjectHeaders { ContentType = "text/plain" } },
        };

        var outcome = await Store.CommitVersionAsync(newMetadata, WriteCondition.None, BlobOrigin.SharedWithStoredVersions, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Empty(outcome.ReleasedBlobs);
        Assert.Empty(await Store.PendingBlobDeletionsAsync(10, None));
        AssertSameVersion(newMetadata, await Store.GetLatestAsync(bucket, "key", None));
    }

    [Fact]
    public async Task CommitVersionAsync_SharedBlobsAlreadyReleased_SourceGoneAndNothingChanges()
    {
        var bucket = await CreateBucketAsync();
        var source = await PutAsync(bucket, "source", Segment(), Segment());
        var destination = await PutAsync(bucket, "destination", Segment());

        // The source is overwritten between the copy's read of it and its commit.
        await PutAsync(bucket, "source", Segment());
        var outcome = await Store.CommitVersionAsync(
            Version(bucket, "destination", [.. source.Segments]), WriteCondition.None, BlobOrigin.SharedWithStoredVersions, None);

        Assert.Equal(CommitStatus.SourceGone, outcome.Status);
        Assert.Empty(outcome.ReleasedBlobs);
        AssertSameVersion(destination, await Store.GetLatestAsync(bucket, "destination", None));
        Assert.Equal(Sorted(source.Segments.Select(s => s.Blob)), Sorted(await Store.PendingBlobDeletionsAsync(10, None)));
    }

    [Fact]
    public async Task CommitVersionAsync_OneOfTheSharedBlobsUnknown_SourceGone()
    {
        var bucket = await CreateBucketAsync();
        var source = await PutAsync(bucket, "source", Segment());

        var outcome = await Store.CommitVersionAsync(
            Version(bucket, "copy", source.Segments[0], Segment()), WriteCondition.None, BlobOrigin.SharedWithStoredVersions, None);

        Assert.Equal(CommitStatus.SourceGone, outcome.Status);
        Assert.Null(await Store.GetLatestAsync(bucket, "copy", None));
    }

    [Fact]
    public async Task CommitVersionAsync_SharedEmptyObject_Committed()
    {
        var bucket = await CreateBucketAsync();

        var outcome = await Store.CommitVersionAsync(Version(bucket, "copy"), WriteCondition.None, BlobOrigin.SharedWithStoredVersions, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
    }

    // The races below are run many rounds at once on two threads: a store that decides on a stale read (a snapshot that
    // misses the other writer's commit) fails some round.
    private const int RaceRounds = 40;

    [Fact]
    public async Task CommitVersionAsync_SharedCopyRacingTheSourcesDelete_BlobReleasedExactlyWhenNoCopyHoldsIt()
    {
        var bucket = await CreateBucketAsync();
        for (var round = 0; round < RaceRounds; round++)
        {
            var source = await PutAsync(bucket, $"source-{round}", Segment());
            var blob = source.Segments[0].Blob;

            var copying = Task.Run(() => Store.CommitVersionAsync(
                Version(bucket, $"copy-{round}", [.. source.Segments]), WriteCondition.None, BlobOrigin.SharedWithStoredVersions, None));
            var deleting = Task.Run(() => Store.DeleteCurrentAsync(bucket, $"source-{round}", WriteCondition.None, None));
            var (copy, delete) = (await copying, await deleting);

            Assert.Equal(CommitStatus.Committed, delete.Status);
            if (copy.Status == CommitStatus.Committed)
            {
                Assert.Empty(delete.ReleasedBlobs);
                Assert.DoesNotContain(blob, await Store.PendingBlobDeletionsAsync(1000, None));
            }
            else
            {
                Assert.Equal(CommitStatus.SourceGone, copy.Status);
                Assert.Equal([blob], delete.ReleasedBlobs);
            }
        }

        Assert.Empty(await Store.CheckIntegrityAsync(None));
    }

    [Fact]
    public async Task DeleteCurrentAsync_TwoKeysSharingABlobDeletedAtOnce_ReleaseItExactlyOnce()
    {
        var bucket = await CreateBucketAsync();
        for (var round = 0; round < RaceRounds; round++)
        {
            var source = await PutAsync(bucket, $"source-{round}", Segment());
            var blob = source.Segments[0].Blob;
            var copy = await Store.CommitVersionAsync(
                Version(bucket, $"copy-{round}", [.. source.Segments]), WriteCondition.None, BlobOrigin.SharedWithStoredVersions, None);
            Assert.Equal(CommitStatus.Committed, copy.Status);

            var deletes = await Task.WhenAll(
                Task.Run(() => Store.DeleteCurrentAsync(bucket, $"source-{round}", WriteCondition.None, None)),
                Task.Run(() => Store.DeleteCurrentAsync(bucket, $"copy-{round}", WriteCondition.None, None)));

            Assert.All(deletes, delete => Assert.Equal(CommitStatus.Committed, delete.Status));
            Assert.Equal([blob], deletes.SelectMany(delete => delete.ReleasedBlobs));
            Assert.Contains(blob, await Store.PendingBlobDeletionsAsync(1000, None));
        }
    }
}
