using System.Collections.Concurrent;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.TestKit.Fakes;

/// <summary>
/// A blob store in a dictionary, for engine rules that need no disk. It keeps the blob store contract: tests may
/// still reach into <see cref="Committed"/> to corrupt or inspect a blob's bytes.
/// </summary>
public sealed class InMemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<BlobId, DateTimeOffset> _writtenAt = new();
    private int _openWriters;

    public ConcurrentDictionary<BlobId, byte[]> Committed { get; } = new();

    /// <summary>Writers created and not yet disposed: a write path that leaks one leaves this above zero.</summary>
    public int OpenWriters => Volatile.Read(ref _openWriters);

    public IBlobWriter CreateWriter()
    {
        Interlocked.Increment(ref _openWriters);
        return new Writer(this);
    }

    public ValueTask<IBlobReader> OpenReadAsync(BlobId id, CancellationToken cancellationToken)
    {
        // The same refusal as the file system's, so that a test passing a key where an id belongs fails here too.
        if (!BlobId.IsWellFormed(id.Value))
        {
            throw new ArgumentException($"'{id.Value}' is not a well-formed blob id.", nameof(id));
        }

        // The reader holds the bytes themselves, so it keeps reading after a delete, as an open file does.
        return Committed.TryGetValue(id, out var bytes) ? ValueTask.FromResult<IBlobReader>(new Reader(bytes)) : throw new BlobNotFoundException(id);
    }

    public Task DeleteAsync(BlobId id, CancellationToken cancellationToken)
    {
        Committed.TryRemove(id, out _);
        _writtenAt.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredBlob> EnumerateAsync(TimeSpan abandonedAfter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var id in Committed.Keys)
        {
            yield return new StoredBlob(id, _writtenAt.GetValueOrDefault(id));
        }
    }

    private sealed class Writer(InMemoryBlobStore store) : IBlobWriter
    {
        private readonly MemoryStream _data = new();
        private bool _committed;

        public BlobId Id { get; } = BlobId.New();

        public long Length => _data.Length;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            if (_committed)
            {
                throw new InvalidOperationException("A committed blob is immutable.");
            }

            _data.Write(data.Span);
            return ValueTask.CompletedTask;
        }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            _committed = true;
            store._writtenAt[Id] = DateTimeOffset.UtcNow;
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
            if (offset >= bytes.Length)
            {
                return ValueTask.FromResult(0);
            }

            var count = (int)Math.Min(buffer.Length, bytes.Length - offset);
            bytes.AsSpan((int)offset, count).CopyTo(buffer.Span);
            return ValueTask.FromResult(count);
        }

        public void Dispose()
        {
        }
    }
}
