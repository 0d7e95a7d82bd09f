using System.Buffers;

using Coffer.Bench.Load.Bodies;

namespace Coffer.Bench.Load.Transport;

/// <summary>What one worker reuses for every response body: a pooled 256 KiB read buffer and a hasher.</summary>
internal sealed class WorkerBuffers : IDisposable
{
    private const int ReadBufferBytes = 256 << 10;

    public byte[] ReadBuffer { get; } = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);

    public ContentHasher Hasher { get; } = new();

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(ReadBuffer);
    }
}
