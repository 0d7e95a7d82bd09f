using System.Text;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

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
