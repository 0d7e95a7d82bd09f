using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

/// <summary>
/// What transitions and restores store: a version's restore and its restored copies (which count as references, and
/// go with the version), the worker's list of due restores, and the move of a version's segments to other blobs.
/// </summary>
public abstract class ArchiveContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    [Fact]
    public async Task SetRestore_OngoingThenDone_IsReadBackWithItsCopiesAfterReopen()
    {
        var bucket = await CreateBucketAsync();
        var put = await PutAsync(bucket, "vol", Segment(), Segment());
        var ongoing = Ongoing(Now());
        var copies = new[] { BlobId.New(), BlobId.New() };
        var done = ongoing with { ExpiresAt = Now().AddDays(2), RestoredBlobs = copies };

        await WriteAsync(bucket, "vol", (keyTx, stored) => keyTx.SetRestore(stored, ongoing));
        var afterStart = await Store.GetLatestAsync(bucket, "vol", None);
        await WriteAsync(bucket, "vol", (keyTx, stored) => keyTx.SetRestore(stored, done));
        await ReopenAsync();
        var afterDone = await Store.GetVersionAsync(bucket, "vol", put.VersionId, None);

        Assert.Equal(ongoing, afterStart!.Restore);
        Assert.Empty(afterStart.Restore!.RestoredBlobs);
        Assert.Equal(done.ExpiresAt, afterDone!.Restore!.ExpiresAt);
        Assert.Equal(copies, afterDone.Restore.RestoredBlobs);
        Assert.Equal(RetrievalTier.Bulk, afterDone.Restore.Tier);
        Assert.True(await Store.IsBlobKnownAsync(copies[1], None));
    }

    [Fact]
    public async Task ListRestoresDue_GivesDueOngoingAndExpiredDoneRestores_EarliestFirst()
    {
        var bucket = await CreateBucketAsync();
        var now = Now();
        await PutAsync(bucket, "ready", Segment());
        await PutAsync(bucket, "later", Segment());
        await PutAsync(bucket, "expired", Segment());
        await PutAsync(bucket, "plain", Segment());
        await WriteAsync(bucket, "ready", (keyTx, stored) => keyTx.SetRestore(stored, Ongoing(now.AddMinutes(-1))));
        await WriteAsync(bucket, "later", (keyTx, stored) => keyTx.SetRestore(stored, Ongoing(now.AddMinutes(5))));
        await WriteAsync(bucket, "expired", (keyTx, stored) => keyTx.SetRestore(stored, Ongoing(now.AddDays(-3)) with { ExpiresAt = now.AddMinutes(-2) }));

        var due = await Store.ListRestoresDueAsync(now, 10, None);

        Assert.Equal(["expired", "ready"], due.Select(item => item.Key));
        Assert.All(due, item => Assert.Equal(bucket, item.Bucket));
        Assert.Single(await Store.ListRestoresDueAsync(now, 1, None));
    }

    [Fact]
    public async Task RestoredCopies_AreReleasedWhenTheRestoreIsClearedOrTheVersionRemoved()
    {
        var bucket = await CreateBucketAsync();
        await PutAsync(bucket, "a", Segment());
        await PutAsync(bucket, "b", Segment());
        var (copyA, copyB) = (BlobId.New(), BlobId.New());
        await WriteAsync(bucket, "a", (keyTx, stored) => keyTx.SetRestore(stored, Ongoing(Now()) with { ExpiresAt = Now().AddDays(1), RestoredBlobs = [copyA] }));
        await WriteAsync(bucket, "b", (keyTx, stored) => keyTx.SetRestore(stored, Ongoing(Now()) with { ExpiresAt = Now().AddDays(1), RestoredBlobs = [copyB] }));

        var clearedA = await WriteAsync(bucket, "a", (keyTx, stored) => keyTx.ReleaseUnreferenced(keyTx.SetRestore(stored, null)));
        var removedB = await WriteAsync(bucket, "b", (keyTx, stored) => keyTx.ReleaseUnreferenced(keyTx.Remove(stored)));

        Assert.Equal([copyA], clearedA);
        Assert.Contains(copyB, removedB);
        Assert.Null((await Store.GetLatestAsync(bucket, "a", None))!.Restore);
        Assert.Contains(copyA, await Store.PendingBlobDeletionsAsync(10, None));
        Assert.Contains(copyB, await Store.PendingBlobDeletionsAsync(10, None));
    }

    [Fact]
    public async Task MoveSegments_PointsTheVersionAtTierBlobsAndSetsItsClass()
    {
        var bucket = await CreateBucketAsync();
        var put = await PutAsync(bucket, "vol", Segment(10), Segment(20));
        var moved = new[] { BlobId.NewIn("GLACIER"), BlobId.NewIn("GLACIER") };
        var segments = put.Segments.Select((segment, i) => segment.CopiedTo(moved[i])).ToList();

        var released = await WriteAsync(bucket, "vol", (keyTx, stored) => keyTx.ReleaseUnreferenced(keyTx.MoveSegments(stored, "GLACIER", segments)));
        await ReopenAsync();
        var read = await Store.GetLatestAsync(bucket, "vol", None);

        Assert.Equal("GLACIER", read!.Attributes.StorageClass);
        Assert.Equal(moved, read.Segments.Select(segment => segment.Blob));
        Assert.Equal([10L, 20L], read.Segments.Select(segment => segment.Length));
        Assert.Equal(Sorted(put.Segments.Select(segment => segment.Blob)), Sorted(released));
        Assert.Equal("GLACIER", read.Segments[0].Blob.Tier);
        Assert.All(read.Segments, segment => Assert.Null(segment.SealedAs));
    }

    [Fact]
    public async Task MoveSegments_OfSealedSegments_KeepsTheIdTheyWereSealedAsThroughACopyAndAReopen()
    {
        var bucket = await CreateBucketAsync();
        var put = await PutAsync(bucket, "vol", Segment(10) with { SealedKey = [1, 2, 3] }, Segment(20));
        var moved = put.Segments.Select(segment => segment.CopiedTo(BlobId.NewIn("GLACIER"))).ToList();

        await WriteAsync(bucket, "vol", (keyTx, stored) => keyTx.ReleaseUnreferenced(keyTx.MoveSegments(stored, "GLACIER", moved)));
        var transitioned = await Store.GetLatestAsync(bucket, "vol", None);
        await PutAsync(bucket, "copy", [.. transitioned!.Segments]);
        await ReopenAsync();
        var read = await Store.GetLatestAsync(bucket, "vol", None);
        var copy = await Store.GetLatestAsync(bucket, "copy", None);

        Assert.Equal(put.Segments[0].Blob, read!.Segments[0].SealedAs);
        Assert.Equal(put.Segments[0].Blob, read.Segments[0].SealingId);
        Assert.Equal(moved[0].Blob, read.Segments[0].Blob);
        Assert.Null(read.Segments[1].SealedAs);
        Assert.Equal(put.Segments[0].Blob, copy!.Segments[0].SealedAs);
    }

    private static ArchiveRestore Ongoing(DateTimeOffset readyAt) => new()
    {
        RequestedAt = readyAt.AddMinutes(-10),
        Days = 2,
        Tier = RetrievalTier.Bulk,
        ReadyAt = readyAt,
    };

    /// <summary>Runs <paramref name="work"/> on the key's latest version in one write transaction, keeping its changes.</summary>
    private Task<T> WriteAsync<T>(string bucket, string key, Func<IKeyTransaction, StoredVersion, T> work) =>
        Store.WriteKeyAsync(bucket, key, keyTx => work(keyTx, keyTx.FindLatest()!), _ => true, None);
}
