using System.Buffers;
using System.Runtime.CompilerServices;

namespace Coffer.Engine.Encryption;

/// <summary>
/// Seals a plaintext stream into the segments of <see cref="SealedFormat"/> as it arrives, and hands
/// each sealed segment to a sink: an <see cref="Ports.IBlobWriter"/>'s WriteAsync, or a copy into a
/// buffer of <see cref="SealedFormat.SealedLength"/> bytes for an inline object. The sink must be
/// done with the bytes when its task completes (the buffer is reused for the next segment).
/// <para>
/// It holds at most one segment and its tags, in one pooled buffer. A full segment is held back
/// until the next byte arrives, because only then is it known not to be the final one; a write
/// that runs past a whole segment is sealed straight from the caller's bytes into the buffer, so
/// large writes are not copied first. Not thread-safe; after a failed write or sink, only
/// <see cref="Dispose"/>.
/// </para>
/// </summary>
internal sealed class SegmentSealer : IDisposable
{
    private readonly SegmentCipher _cipher;
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _sink;
    private readonly byte[] _buffer;
    private bool _bufferReturned;
    private int _buffered;
    private long _segment;

    /// <param name="dataKey">32 bytes per layer (see <see cref="SegmentCipher"/>).</param>
    /// <param name="ordinal">The blob's ordinal under <paramref name="dataKey"/>; it must never have sealed another blob (see <see cref="BlobKeys"/>).</param>
    /// <param name="context">The blob context: the associated data of every segment, which a reader must present again.</param>
    public SegmentSealer(ReadOnlySpan<byte> dataKey, ulong ordinal, ReadOnlySpan<byte> context, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink)
    {
        _cipher = new SegmentCipher(dataKey, ordinal, context);
        _sink = sink;

        // Rented whole: the pool's 128 KiB bucket, since a segment and its tags are just over 64 KiB.
        _buffer = ArrayPool<byte>.Shared.Rent(SealedFormat.SealedSegmentSize(_cipher.Layers));
    }

    /// <summary>The plaintext bytes taken so far.</summary>
    public long PlainLength { get; private set; }

    /// <summary>The length of the sealed blob these bytes make once <see cref="FinishAsync"/> has run.</summary>
    public long SealedLength => SealedFormat.SealedLength(PlainLength, _cipher.Layers);

    /// <summary>Whether <see cref="FinishAsync"/> has sealed the final segment.</summary>
    public bool IsFinished { get; private set; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken)
    {
        ThrowIfFinished();
        PlainLength += plaintext.Length;
        while (!plaintext.IsEmpty)
        {
            if (_buffered == SealedFormat.SegmentSize)
            {
                // More plaintext follows the segment held back, so that one is not the final segment.
                await EmitAsync(SealInBuffer(_buffer.AsSpan(0, _buffered), final: false), cancellationToken);
                _buffered = 0;
            }

            if (_buffered == 0 && plaintext.Length > SealedFormat.SegmentSize)
            {
                var sealedLength = SealInBuffer(plaintext.Span[..SealedFormat.SegmentSize], final: false);
                await EmitAsync(sealedLength, cancellationToken);
                plaintext = plaintext[SealedFormat.SegmentSize..];
                continue;
            }

            var take = Math.Min(SealedFormat.SegmentSize - _buffered, plaintext.Length);
            plaintext.Span[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            plaintext = plaintext[take..];
        }
    }

    /// <summary>Seals and emits the final segment (an empty one when no plaintext came at all).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        ThrowIfFinished();
        await EmitAsync(SealInBuffer(_buffer.AsSpan(0, _buffered), final: true), cancellationToken);
        _buffered = 0;
        IsFinished = true;
        ReturnBuffer();
    }

    public void Dispose()
    {
        ReturnBuffer();
        _cipher.Dispose();
    }

    private void ThrowIfFinished()
    {
        ObjectDisposedException.ThrowIf(_bufferReturned && !IsFinished, this);
        if (IsFinished)
        {
            throw new InvalidOperationException("The sealed blob is finished: its final segment has been sealed.");
        }
    }

    /// <summary>Seals <paramref name="plaintext"/> (the buffer's start, or the caller's bytes) into the buffer as the next segment.</summary>
    private int SealInBuffer(ReadOnlySpan<byte> plaintext, bool final)
    {
        _cipher.Seal(_segment, final, plaintext, _buffer);
        _segment++;
        return plaintext.Length + _cipher.Overhead;
    }

    private ValueTask EmitAsync(int sealedLength, CancellationToken cancellationToken) =>
        _sink(_buffer.AsMemory(0, sealedLength), cancellationToken);

    private void ReturnBuffer()
    {
        if (!_bufferReturned)
        {
            _bufferReturned = true;
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
