using System.Buffers;
using System.Runtime.CompilerServices;

using Coffer.Engine.Ports;

namespace Coffer.Engine.Encryption;

/// <summary>
/// The plaintext of a sealed blob (see <see cref="SealedFormat"/>), read at random: a read fetches
/// and authenticates only the segments its range touches, and no byte of a segment is handed out
/// before its tag has verified. The sealed blob comes from the blob store or, for an inline object,
/// from an <see cref="Objects.InlineBlobReader"/> over the sealed bytes; this reader owns it and
/// disposes it.
/// <list type="bullet">
/// <item>Whole segments that the caller's buffer has room for, sealed, are read straight into it,
/// several in one read of the blob, and opened there; only a segment the range cuts (or one that
/// fits as plaintext but not sealed) goes through this reader's own buffer, which then keeps the
/// segment, so that small sequential reads open each segment once.</item>
/// <item>The plaintext length comes from the metadata, and the blob must be exactly as long as that
/// seals to: a blob cut or extended is refused when opened. A blob cut at a segment boundary after
/// its metadata was written cannot pass as complete either, since its last segment would not be the
/// one sealed as final.</item>
/// <item>Damage throws <see cref="SealedBlobException"/>, which the engine maps to a
/// <see cref="Integrity.BlobCorruptException"/> of the version.</item>
/// </list>
/// Thread-safe as <see cref="IBlobReader"/> requires: reads take turns, as the cipher and the kept
/// segment serve one at a time.
/// </summary>
internal sealed class SealedBlobReader : IBlobReader
{
    private readonly IBlobReader _sealed;
    private readonly SegmentCipher _cipher;
    private readonly long _sealedLength;
    private readonly int _overhead;
    private readonly int _sealedSegmentSize;
    private readonly SemaphoreSlim _turn = new(1, 1);

    // One sealed segment, opened in place; rented on first use, as aligned reads of whole segments never need it.
    private byte[]? _segmentBuffer;
    private long _keptSegment = -1;
    private int _keptLength;

    /// <param name="sealedBlob">The sealed bytes; owned from here on, and disposed if this constructor throws.</param>
    /// <param name="dataKey">32 bytes per layer the blob is sealed in (see <see cref="SegmentCipher"/>).</param>
    /// <param name="plainLength">The plaintext length the metadata recorded.</param>
    /// <exception cref="SealedBlobException">The sealed blob is not the length <paramref name="plainLength"/> seals to.</exception>
    public SealedBlobReader(IBlobReader sealedBlob, ReadOnlySpan<byte> dataKey, ulong ordinal, ReadOnlySpan<byte> context, long plainLength)
    {
        _sealed = sealedBlob;
        try
        {
            var layers = SealedFormat.LayersOf(dataKey.Length);
            (_overhead, _sealedSegmentSize) = (SealedFormat.Overhead(layers), SealedFormat.SealedSegmentSize(layers));
            _sealedLength = SealedFormat.SealedLength(plainLength, layers);
            if (sealedBlob.Length != _sealedLength)
            {
                var damage = sealedBlob.Length < _sealedLength ? SealedDamage.Truncated : SealedDamage.Extended;
                throw new SealedBlobException(damage, _sealedLength, sealedBlob.Length);
            }

            _cipher = new SegmentCipher(dataKey, ordinal, context);
        }
        catch
        {
            sealedBlob.Dispose();
            throw;
        }

        Length = plainLength;
        SegmentCount = SealedFormat.SegmentCount(plainLength);
    }

    /// <summary>The plaintext length.</summary>
    public long Length { get; }

    private long SegmentCount { get; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= Length || buffer.IsEmpty)
        {
            return 0;
        }

        buffer = buffer[..(int)Math.Min(buffer.Length, Length - offset)];
        await _turn.WaitAsync(cancellationToken);
        try
        {
            var filled = 0;
            while (filled < buffer.Length)
            {
                var position = offset + filled;
                var segment = position / SealedFormat.SegmentSize;
                var within = (int)(position % SealedFormat.SegmentSize);
                var rest = buffer[filled..];
                if (segment == _keptSegment)
                {
                    filled += CopyKept(within, rest.Span);
                }
                else if (within == 0 && rest.Length >= SealedFormat.SegmentPlainLength(Length, segment))
                {
                    filled += await OpenWholeSegmentsAsync(segment, rest, cancellationToken);
                }
                else
                {
                    await KeepSegmentAsync(segment, cancellationToken);
                    filled += CopyKept(within, rest.Span);
                }
            }

            return filled;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Authenticates every segment, start to end, handing out nothing: for a scrub, or to check an
    /// empty blob, which no read touches.
    /// </summary>
    /// <exception cref="SealedBlobException">A segment does not verify, or the blob shrank.</exception>
    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            for (long segment = 0; segment < SegmentCount; segment++)
            {
                await KeepSegmentAsync(segment, cancellationToken);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose()
    {
        _sealed.Dispose();
        _cipher.Dispose();
        _turn.Dispose();
        if (_segmentBuffer is { } buffer)
        {
            _segmentBuffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private long SealedOffsetOf(long segment) => segment * _sealedSegmentSize;

    private int CopyKept(int within, Span<byte> destination)
    {
        var count = Math.Min(_keptLength - within, destination.Length);
        _segmentBuffer.AsSpan(within, count).CopyTo(destination);
        return count;
    }

    /// <summary>
    /// Opens segment <paramref name="first"/> and as many after it as fit, whole, into
    /// <paramref name="destination"/>; returns the plaintext bytes written there. The caller has
    /// checked that the first segment's plaintext fits.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> OpenWholeSegmentsAsync(long first, Memory<byte> destination, CancellationToken cancellationToken)
    {
        // 1. Count the segments whose plaintext, back to back, fits in the destination (the caller checked the first's).
        var count = 0;
        var plainBytes = 0;
        for (var segment = first; segment < SegmentCount; segment++)
        {
            var next = SealedFormat.SegmentPlainLength(Length, segment);
            if (plainBytes + next > destination.Length)
            {
                break;
            }

            plainBytes += next;
            count++;
        }

        var sealedBytes = plainBytes + (count * _overhead);

        // 2. One read for all of them into a scratch buffer, then open each straight into its place in the destination:
        //    opening out of place costs what opening in place does, and spares moving each plaintext over the tags
        //    before it (a pass over the data that GET of a large sealed object paid per byte). A failing segment
        //    throws with the plaintext before it in place and nothing of its own (a failed open wipes its output).
        var scratch = ArrayPool<byte>.Shared.Rent(sealedBytes);
        try
        {
            await ReadExactlyAsync(SealedOffsetOf(first), scratch.AsMemory(0, sealedBytes), cancellationToken);
            var plain = 0;
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                var length = SealedFormat.SegmentPlainLength(Length, first + i);
                Open(first + i, scratch.AsSpan(at, length + _overhead), destination.Span.Slice(plain, length));
                at += length + _overhead;
                plain += length;
            }

            return plain;
        }
        finally
        {
            // Ciphertext only (an inner layer's, at most): nothing to wipe.
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Reads and opens <paramref name="segment"/> into this reader's buffer, as the segment kept there.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask KeepSegmentAsync(long segment, CancellationToken cancellationToken)
    {
        var sealedSegment = await ReadSegmentAsync(segment, cancellationToken);
        Open(segment, sealedSegment.Span, sealedSegment.Span);
        (_keptSegment, _keptLength) = (segment, sealedSegment.Length - _overhead);
    }

    /// <summary>Reads the sealed bytes of <paramref name="segment"/> into this reader's buffer, forgetting the segment kept there.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Memory<byte>> ReadSegmentAsync(long segment, CancellationToken cancellationToken)
    {
        _keptSegment = -1;
        _segmentBuffer ??= ArrayPool<byte>.Shared.Rent(_sealedSegmentSize);
        var sealedSegment = _segmentBuffer.AsMemory(0, SealedFormat.SegmentPlainLength(Length, segment) + _overhead);
        await ReadExactlyAsync(SealedOffsetOf(segment), sealedSegment, cancellationToken);
        return sealedSegment;
    }

    private void Open(long segment, Span<byte> sealedSegment, Span<byte> plaintext)
    {
        if (!_cipher.TryOpen(segment, final: segment == SegmentCount - 1, sealedSegment, plaintext))
        {
            throw new SealedBlobException(SealedDamage.AuthenticationFailed, _sealedLength, _sealed.Length, segment);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadExactlyAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            var read = await _sealed.ReadAsync(offset, destination, cancellationToken);
            if (read == 0)
            {
                // Shrunk since it was opened: never open a segment with zeros where its bytes were.
                throw new SealedBlobException(SealedDamage.Truncated, _sealedLength, _sealed.Length);
            }

            offset += read;
            destination = destination[read..];
        }
    }
}
