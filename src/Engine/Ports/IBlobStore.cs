using Coffer.Engine.Model;

namespace Coffer.Engine.Ports;

/// <summary>
/// Immutable blobs named by <see cref="BlobId"/>. A blob becomes visible under its id only when
/// <see cref="IBlobWriter.CommitAsync"/> returns, and by then it is durable (data and name).
/// Blobs are never modified after commit; they are only deleted.
/// </summary>
public interface IBlobStore
{
    /// <summary>Starts a new blob in a temporary place. Disposing the writer without committing removes it.</summary>
    IBlobWriter CreateWriter();

    /// <summary>
    /// Opens a committed blob for reading; the caller disposes the handle. Throws
    /// <see cref="BlobNotFoundException"/> when the blob does not exist. An open handle keeps
    /// reading the blob's bytes even if the blob is deleted meanwhile; a remote store cannot
    /// (S3 has no open handles), and there a read after the delete throws
    /// <see cref="BlobNotFoundException"/>. Asynchronous because a store may be remote (a cloud
    /// tier asks its endpoint for the blob's length).
    /// </summary>
    ValueTask<IBlobReader> OpenReadAsync(BlobId id, CancellationToken cancellationToken);

    /// <summary>Deletes a blob. Deleting a blob that does not exist is not an error.</summary>
    Task DeleteAsync(BlobId id, CancellationToken cancellationToken);

    /// <summary>
    /// Every committed blob, with the time it was written, for the orphan sweep. Leftover
    /// temporary files (writers that a crash interrupted) are never yielded; those older than
    /// <paramref name="abandonedAfter"/> are removed while enumerating.
    /// </summary>
    IAsyncEnumerable<StoredBlob> EnumerateAsync(TimeSpan abandonedAfter, CancellationToken cancellationToken);
}

public readonly record struct StoredBlob(BlobId Id, DateTimeOffset WrittenAt);

/// <summary>Writes one blob sequentially. Not thread-safe.</summary>
public interface IBlobWriter : IAsyncDisposable
{
    BlobId Id { get; }

    long Length { get; }

    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the blob durable and visible: flush and fsync the data, rename it to its final name,
    /// fsync the directory. After this returns, a crash cannot lose the blob.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>Random-access reads of one committed blob. Thread-safe for concurrent reads.</summary>
public interface IBlobReader : IDisposable
{
    long Length { get; }

    ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken);
}

public sealed class BlobNotFoundException(BlobId id) : Exception($"Blob {id} does not exist.")
{
    public BlobId Id { get; } = id;
}
