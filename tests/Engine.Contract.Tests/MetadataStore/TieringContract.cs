using System.Text;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

/// <summary>What Intelligent-Tiering stores: a version's access tier and last recorded access, read back by every read.</summary>
public abstract class TieringContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    [Fact]
    public async Task Version_NeverTiered_HasNoTieringState()
    {
        var bucket = await CreateBucketAsync();
        await PutAsync(bucket, "fresh", Segment());

        var read = await Store.GetLatestAsync(bucket, "fresh", None);

        Assert.Null(read!.Tiering);
    }

    [Fact]
    public async Task CommitVersionAsync_CopyOfATieredVersion_StartsWithNoTieringState()
    {
        var bucket = await CreateBucketAsync();
        var source = await PutAsync(bucket, "source", Segment());
        await WriteAsync(bucket, "source", (keyTx, stored) => keyTx.SetTiering(stored, new TieringState(AccessTier.ArchiveAccess, Now())));
        var tiered = (await Store.GetLatestAsync(bucket, "source", None))!;

        var outcome = await Store.CommitVersionAsync(tiered with { Key = "copy" }, WriteCondition.None, BlobOrigin.SharedWithStoredVersions, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.NotNull(tiered.Tiering);
        Assert.Null(outcome.Stored!.Tiering);
        Assert.Null((await Store.GetLatestAsync(bucket, "copy", None))!.Tiering);
        Assert.Equal(source.Segments.Select(segment => segment.Blob), (await Store.GetLatestAsync(bucket, "copy", None))!.Segments.Select(segment => segment.Blob));
    }

    [Fact]
    public async Task SetTiering_IsReadBackByGetAndScanAfterReopen()
    {
        var bucket = await CreateBucketAsync();
        var put = await PutAsync(bucket, "cold", Segment());
        var state = new TieringState(AccessTier.ArchiveAccess, Now().AddDays(-100));

        await WriteAsync(bucket, "cold", (keyTx, stored) => keyTx.SetTiering(stored, state));
        await ReopenAsync();
        var read = await Store.GetVersionAsync(bucket, "cold", put.VersionId, None);
        var scanned = Assert.Single(await Store.ScanVersionsAsync(bucket, ReadOnlyMemory<byte>.Empty, null, Encoding.UTF8.GetBytes("cold"), ReadOnlyMemory<byte>.Empty, 10, None));

        Assert.Equal(state, read!.Tiering);
        Assert.Equal(state, scanned.Version!.Tiering);
    }

    [Fact]
    public async Task SetTiering_Null_ClearsTheState()
    {
        var bucket = await CreateBucketAsync();
        await PutAsync(bucket, "k", Segment());
        await WriteAsync(bucket, "k", (keyTx, stored) => keyTx.SetTiering(stored, new TieringState(AccessTier.Infrequent, Now())));

        await WriteAsync(bucket, "k", (keyTx, stored) => keyTx.SetTiering(stored, null));

        Assert.Null((await Store.GetLatestAsync(bucket, "k", None))!.Tiering);
    }

    [Fact]
    public async Task SetTiering_InAWriteNotKept_ChangesNothing()
    {
        var bucket = await CreateBucketAsync();
        await PutAsync(bucket, "k", Segment());

        await Store.WriteKeyAsync(
            bucket, "k", keyTx => { keyTx.SetTiering(keyTx.FindLatest()!, new TieringState(AccessTier.Infrequent, Now())); return false; }, kept => kept, None);

        Assert.Null((await Store.GetLatestAsync(bucket, "k", None))!.Tiering);
    }

    /// <summary>Runs <paramref name="work"/> on the key's latest version in one write transaction, keeping its changes.</summary>
    private Task<bool> WriteAsync(string bucket, string key, Action<IKeyTransaction, StoredVersion> work) =>
        Store.WriteKeyAsync(bucket, key, keyTx => { work(keyTx, keyTx.FindLatest()!); return true; }, _ => true, None);
}
