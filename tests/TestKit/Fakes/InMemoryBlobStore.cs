using System.Collections.Concurrent;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.TestKit.Fakes;

/// <summary>A blob store in a dictionary, for engine rules that need no disk.</summary>
public sealed class InMemoryBlobStore : IBlobStore
{
    private int _openWriters;

    public ConcurrentDictionary<BlobId, byte[]> Committed { get; } = new();

    /// <summary>Writers created and not yet disposed: a write path that leaks one leaves this above zero.</summary>
    public int OpenWriters => Volatile.Read(ref _openWriters);

    public IBlobWriter CreateWriter()
    {
        Interlocked.Increment(ref _openWriters);
        return new Writer(this);
    }

    public ValueTask<IBlobReader> OpenReadAsync(BlobId id, CancellationToken cancellationToken) =>
        Committed.TryGetValue(id, out var bytes) ? ValueTask.FromResult<IBlobReader>(new Reader(bytes)) : throw new BlobNotFoundException(id);

    public Task DeleteAsync(BlobId id, CancellationToken cancellationToken)
    {
        Committed.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredBlob> EnumerateAsync(TimeSpan abandonedAfter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var id in Committed.Keys)
        {
            yield return new StoredBlob(id, DateTimeOffset.MinValue);
        }
    }

    private sealed class Writer(InMemoryBlobStore store) : IBlobWriter
    {
        private readonly MemoryStream _data = new();

        public BlobId Id { get; } = BlobId.New();

        public long Length => _data.Length;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            _data.Write(data.Span);
            return ValueTask.CompletedTask;
        }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            store.Committed[Id] = _data.ToArray();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            Interlocked.Decrement(ref store._openWriters);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Reader(byte[] bytes) : IBlobReader
    {
        public long Length => bytes.Length;

        public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var count = (int)Math.Min(buffer.Length, bytes.Length - offset);
            bytes.AsSpan((int)offset, count).CopyTo(buffer.Span);
            return ValueTask.FromResult(count);
        }

        public void Dispose()
        {
        }
    }
}
