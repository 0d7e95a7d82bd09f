using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.TestKit.Faults;

/// <summary>
/// A blob store that fails where its <see cref="FaultPlan"/> says, around a real one that does the work. It can
/// also play a small disk: with <see cref="CapacityBytes"/> set, a write that would take the bytes of live blobs
/// (and of blobs being written) past it fails as a full disk does, and deleting blobs frees their bytes.
/// </summary>
public sealed class FaultyBlobStore(IBlobStore inner, FaultPlan plan) : IBlobStore
{
    private readonly ConcurrentDictionary<BlobId, long> _sizes = new();
    private long _used;

    /// <summary>Null: no limit. Counts only blobs written through this store.</summary>
    public long? CapacityBytes { get; set; }

    public FaultPlan Plan => plan;

    public IBlobWriter CreateWriter() => new FaultyBlobWriter(inner.CreateWriter(), this);

    public async ValueTask<IBlobReader> OpenReadAsync(BlobId id, CancellationToken cancellationToken)
    {
        if (plan.Take(FaultPoint.BlobOpen) is { } fault)
        {
            throw FaultPlan.Failure(FaultPoint.BlobOpen, fault);
        }

        return new FaultyBlobReader(await inner.OpenReadAsync(id, cancellationToken), plan);
    }

    public async Task DeleteAsync(BlobId id, CancellationToken cancellationToken)
    {
        var fault = plan.Take(FaultPoint.BlobDelete);
        if (fault is FaultKind.IoError or FaultKind.NoSpace)
        {
            throw FaultPlan.Failure(FaultPoint.BlobDelete, fault.Value);
        }

        await inner.DeleteAsync(id, cancellationToken);
        if (_sizes.TryRemove(id, out var size))
        {
            Interlocked.Add(ref _used, -size);
        }

        if (fault is { } late)
        {
            throw FaultPlan.Failure(FaultPoint.BlobDelete, late);
        }
    }

    public async IAsyncEnumerable<StoredBlob> EnumerateAsync(TimeSpan abandonedAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in inner.EnumerateAsync(abandonedAfter, cancellationToken))
        {
            yield return blob;
        }
    }

    /// <summary>Takes <paramref name="bytes"/> of the capacity, or fails as a full disk does.</summary>
    private void Reserve(long bytes)
    {
        if (Interlocked.Add(ref _used, bytes) > CapacityBytes)
        {
            Interlocked.Add(ref _used, -bytes);
            throw FaultPlan.Failure(FaultPoint.BlobWrite, FaultKind.NoSpace);
        }
    }

    private void Release(long bytes) => Interlocked.Add(ref _used, -bytes);

    private void Keep(BlobId id, long bytes) => _sizes[id] = bytes;

    private sealed class FaultyBlobWriter(IBlobWriter writer, FaultyBlobStore store) : IBlobWriter
    {
        private long _reserved;
        private bool _kept;

        public BlobId Id => writer.Id;

        public long Length => writer.Length;

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            if (store.Plan.Take(FaultPoint.BlobWrite) is { } fault)
            {
                throw FaultPlan.Failure(FaultPoint.BlobWrite, fault);
            }

            store.Reserve(data.Length);
            _reserved += data.Length;
            await writer.WriteAsync(data, cancellationToken);
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (store.Plan.Take(FaultPoint.BlobCommitBeforeRename) is { } early)
            {
                throw FaultPlan.Failure(FaultPoint.BlobCommitBeforeRename, early);
            }

            await writer.CommitAsync(cancellationToken);
            store.Keep(Id, _reserved);
            _kept = true;
            if (store.Plan.Take(FaultPoint.BlobCommitAfterRename) is { } late)
            {
                throw FaultPlan.Failure(FaultPoint.BlobCommitAfterRename, late);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await writer.DisposeAsync();
            if (!_kept)
            {
                store.Release(_reserved);
            }
        }
    }

    private sealed class FaultyBlobReader(IBlobReader reader, FaultPlan plan) : IBlobReader
    {
        public long Length => reader.Length;

        public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken) =>
            plan.Take(FaultPoint.BlobRead) is { } fault
                ? ValueTask.FromException<int>(FaultPlan.Failure(FaultPoint.BlobRead, fault))
                : reader.ReadAsync(offset, buffer, cancellationToken);

        public void Dispose() => reader.Dispose();
    }
}
