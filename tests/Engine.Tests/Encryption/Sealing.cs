using System.Security.Cryptography;

using Coffer.Engine.Encryption;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Tests.Encryption;

/// <summary>Sealing and opening in memory, for the tests of this folder.</summary>
internal static class Sealing
{
    public const int Segment = SealedFormat.SegmentSize;

    /// <summary>A full segment sealed in one layer (SSE-S3, SSE-KMS, SSE-C).</summary>
    public const int SealedSegment = SealedFormat.SegmentSize + SealedFormat.TagSize;

    /// <summary>The blob ordinal these tests seal under unless they say otherwise.</summary>
    public const ulong DefaultOrdinal = 1;

    public static readonly byte[] DataKey = RandomNumberGenerator.GetBytes(BlobKeys.KeySize);

    public static readonly byte[] Context = "bucket-a/photos/cat.jpg#v1/part-1"u8.ToArray();

    public static byte[] Plaintext(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Seals <paramref name="plaintext"/>, written in chunks of random sizes when
    /// <paramref name="chunking"/> is given (from 1 byte to a few segments), else in one write.
    /// </summary>
    public static async Task<byte[]> SealAsync(
        byte[] plaintext, Random? chunking = null, byte[]? dataKey = null, ulong ordinal = DefaultOrdinal, byte[]? context = null)
    {
        using var output = new MemoryStream();
        using var sealer = new SegmentSealer(dataKey ?? DataKey, ordinal, context ?? Context, (bytes, ct) => output.WriteAsync(bytes, ct));
        var written = 0;
        while (written < plaintext.Length)
        {
            var size = chunking is null ? plaintext.Length : NextChunk(chunking);
            var take = Math.Min(size, plaintext.Length - written);
            await sealer.WriteAsync(plaintext.AsMemory(written, take), CancellationToken.None);
            written += take;
        }

        await sealer.FinishAsync(CancellationToken.None);
        Assert.Equal(plaintext.Length, sealer.PlainLength);
        Assert.Equal(output.Length, sealer.SealedLength);
        return output.ToArray();
    }

    public static SealedBlobReader Open(
        byte[] sealedBytes, long plainLength, byte[]? dataKey = null, ulong ordinal = DefaultOrdinal, byte[]? context = null) =>
        Open(new CountingBlobReader(sealedBytes), plainLength, dataKey, ordinal, context);

    public static SealedBlobReader Open(
        IBlobReader sealedBlob, long plainLength, byte[]? dataKey = null, ulong ordinal = DefaultOrdinal, byte[]? context = null) =>
        new(sealedBlob, dataKey ?? DataKey, ordinal, context ?? Context, plainLength);

    /// <summary>Reads all of the plaintext, <paramref name="bufferSize"/> bytes at a time.</summary>
    public static async Task<byte[]> ReadAllAsync(IBlobReader reader, int bufferSize)
    {
        var plaintext = new byte[reader.Length];
        var buffer = new byte[bufferSize];
        long offset = 0;
        while (offset < reader.Length)
        {
            var read = await reader.ReadAsync(offset, buffer, CancellationToken.None);
            Assert.True(read > 0, "A read inside the blob returned nothing.");
            buffer.AsSpan(0, read).CopyTo(plaintext.AsSpan((int)offset));
            offset += read;
        }

        return plaintext;
    }

    /// <summary>Reads exactly [offset, offset + length), looping over short reads.</summary>
    public static async Task<byte[]> ReadRangeAsync(IBlobReader reader, long offset, int length, int bufferSize)
    {
        var range = new byte[length];
        var buffer = new byte[bufferSize];
        var filled = 0;
        while (filled < length)
        {
            var read = await reader.ReadAsync(offset + filled, buffer.AsMemory(0, Math.Min(bufferSize, length - filled)), CancellationToken.None);
            Assert.True(read > 0, "A read inside the blob returned nothing.");
            buffer.AsSpan(0, read).CopyTo(range.AsSpan(filled));
            filled += read;
        }

        return range;
    }

    // Mostly small and odd sizes, sometimes a whole segment or several: every path of the sealer.
    private static int NextChunk(Random random) => random.Next(4) switch
    {
        0 => random.Next(1, 100),
        1 => random.Next(1, Segment + 2),
        2 => Segment,
        _ => random.Next(Segment, (3 * Segment) + 7),
    };
}

/// <summary>
/// Sealed bytes in memory, counting what the reader above asks of them. When <paramref name="yielding"/>,
/// every read completes later on the thread pool, as a file's does, and concurrent reads interleave.
/// </summary>
internal sealed class CountingBlobReader(byte[] bytes, bool yielding = false) : IBlobReader
{
    private long _bytesRequested;
    private int _reads;

    public long Length => bytes.Length;

    public long BytesRequested => Interlocked.Read(ref _bytesRequested);

    public int Reads => Volatile.Read(ref _reads);

    public bool Disposed { get; private set; }

    public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _bytesRequested, buffer.Length);
        Interlocked.Increment(ref _reads);
        return yielding ? CopyLaterAsync(offset, buffer) : ValueTask.FromResult(Copy(offset, buffer.Span));
    }

    public void Dispose() => Disposed = true;

    // Yields after the copy too, so that other reads run between this one's copy and what its caller does next.
    private async ValueTask<int> CopyLaterAsync(long offset, Memory<byte> buffer)
    {
        await Task.Yield();
        var count = Copy(offset, buffer.Span);
        await Task.Yield();
        return count;
    }

    private int Copy(long offset, Span<byte> buffer)
    {
        if (offset >= bytes.Length)
        {
            return 0;
        }

        var count = (int)Math.Min(buffer.Length, bytes.Length - offset);
        bytes.AsSpan((int)offset, count).CopyTo(buffer);
        return count;
    }
}
