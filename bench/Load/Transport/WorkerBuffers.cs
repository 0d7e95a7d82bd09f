using System.Buffers;

using Coffer.Bench.Load.Bodies;

namespace Coffer.Bench.Load.Transport;

/// <summary>
/// What one worker reuses for every response body: a pooled 256 KiB buffer that object bodies stream through, a
/// hasher, and a page buffer that grows to the largest listing page once and is then reused.
/// </summary>
internal sealed class WorkerBuffers : IDisposable
{
    private const int ReadBufferBytes = 256 << 10;

    private byte[] _page = [];

    public byte[] ReadBuffer { get; } = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);

    public ContentHasher Hasher { get; } = new();

    /// <summary>Reads a small, bounded body (a listing page) whole; the memory is valid until the next call.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadWholeAsync(Stream stream, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == _page.Length)
            {
                Array.Resize(ref _page, Math.Max(64 << 10, _page.Length * 2));
            }

            var read = await stream.ReadAsync(_page.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return _page.AsMemory(0, length);
            }

            length += read;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(ReadBuffer);
    }
}
