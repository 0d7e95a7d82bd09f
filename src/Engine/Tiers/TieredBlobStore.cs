using System.Runtime.CompilerServices;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Tiers;

/// <summary>
/// The main blob store and the tiers the host maps storage classes to (<c>--tier CLASS=LOCATION</c>), seen as one
/// store. A tier blob carries its tier in its id (<see cref="BlobId.Tier"/>), so reads, deletions and the orphan sweep
/// go to the right place without any other record; writes go where the object's class lives
/// (<see cref="CreateWriter(string)"/>). Each tier is named by the class it holds.
/// </summary>
public sealed class TieredBlobStore(IBlobStore main, IReadOnlyDictionary<string, IBlobStore> tiersByClass) : IBlobStore
{
    public IBlobStore Main => main;

    /// <summary>The tier that holds objects of <paramref name="storageClass"/>; null when they live in the main store.</summary>
    public string? TierOf(string storageClass) => tiersByClass.ContainsKey(storageClass) ? storageClass : null;

    /// <summary>A writer in the main store.</summary>
    public IBlobWriter CreateWriter() => main.CreateWriter();

    /// <summary>A writer in the place objects of <paramref name="storageClass"/> live.</summary>
    public IBlobWriter CreateWriter(string storageClass) =>
        tiersByClass.TryGetValue(storageClass, out var tier) ? new TierBlobWriter(storageClass, tier.CreateWriter()) : main.CreateWriter();

    public ValueTask<IBlobReader> OpenReadAsync(BlobId id, CancellationToken cancellationToken) =>
        StoreOf(id).OpenReadAsync(id.Local, cancellationToken);

    public Task DeleteAsync(BlobId id, CancellationToken cancellationToken) => StoreOf(id).DeleteAsync(id.Local, cancellationToken);

    public async IAsyncEnumerable<StoredBlob> EnumerateAsync(TimeSpan abandonedAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in main.EnumerateAsync(abandonedAfter, cancellationToken))
        {
            yield return blob;
        }

        foreach (var (tier, store) in tiersByClass)
        {
            await foreach (var blob in store.EnumerateAsync(abandonedAfter, cancellationToken))
            {
                yield return blob with { Id = BlobId.InTier(tier, blob.Id.Value) };
            }
        }
    }

    private IBlobStore StoreOf(BlobId id) =>
        id.Tier is not { } tier ? main
        : tiersByClass.TryGetValue(tier, out var store) ? store
        : throw new TierNotConfiguredException(id);

    /// <summary>A tier's writer, whose blob is named with its tier.</summary>
    private sealed class TierBlobWriter(string tier, IBlobWriter inner) : IBlobWriter
    {
        public BlobId Id { get; } = BlobId.InTier(tier, inner.Id.Value);

        public long Length => inner.Length;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => inner.WriteAsync(data, cancellationToken);

        public Task CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

/// <summary>
/// A blob lies in a tier this server was not started with (its <c>--tier</c> was removed or renamed): the data is
/// not lost, but it cannot be reached until the tier is configured again.
/// </summary>
public sealed class TierNotConfiguredException(BlobId id)
    : IOException($"Blob {id} is in the {id.Tier} tier, and this server has no --tier {id.Tier}=LOCATION; start it with that tier to read it.")
{
    public BlobId Id { get; } = id;
}

/// <summary>Where the engine writes an object's blobs: in its class's tier when the store has tiers.</summary>
public static class BlobPlacement
{
    public static IBlobWriter CreateWriterFor(this IBlobStore blobs, string storageClass) =>
        blobs is TieredBlobStore tiered ? tiered.CreateWriter(storageClass) : blobs.CreateWriter();

    /// <summary>The tier objects of the class live in; null for the main store (always, for a store without tiers).</summary>
    public static string? TierOf(this IBlobStore blobs, string storageClass) =>
        blobs is TieredBlobStore tiered ? tiered.TierOf(storageClass) : null;

    /// <summary>True when objects of the class live in a tier, where they are written as blobs, never inline.</summary>
    public static bool HasTierFor(this IBlobStore blobs, string storageClass) => blobs.TierOf(storageClass) is not null;
}
