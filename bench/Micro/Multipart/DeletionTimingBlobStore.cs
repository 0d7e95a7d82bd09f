using System.Diagnostics;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Bench.Micro.Multipart;

/// <summary>
/// The real blob store, with the time spent in <see cref="DeleteAsync"/> added up: a completion that replaces an
/// object deletes the old version's blobs before it returns, and the log should tell that apart from the metadata
/// transaction. Every call goes straight through; two timestamps per deletion are all it adds.
/// </summary>
internal sealed class DeletionTimingBlobStore(IBlobStore inner) : IBlobStore
{
    private long _deletions;
    private long _deletionTicks;

    public IBlobWriter CreateWriter() => inner.CreateWriter();

    public ValueTask<IBlobReader> OpenReadAsync(BlobId id, CancellationToken cancellationToken) => inner.OpenReadAsync(id, cancellationToken);

    public async Task DeleteAsync(BlobId id, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await inner.DeleteAsync(id, cancellationToken);
        }
        finally
        {
            Interlocked.Add(ref _deletionTicks, Stopwatch.GetTimestamp() - started);
            Interlocked.Increment(ref _deletions);
        }
    }

    public IAsyncEnumerable<StoredBlob> EnumerateAsync(TimeSpan abandonedAfter, CancellationToken cancellationToken) =>
        inner.EnumerateAsync(abandonedAfter, cancellationToken);

    /// <summary>The deletions since the last call, and the time they took.</summary>
    public (long Count, TimeSpan Elapsed) TakeDeletions()
    {
        var count = Interlocked.Exchange(ref _deletions, 0);
        var ticks = Interlocked.Exchange(ref _deletionTicks, 0);
        return (count, Stopwatch.GetElapsedTime(0, ticks));
    }
}
