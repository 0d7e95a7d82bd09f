using System.Buffers;

using Coffer.Engine.Encryption;
using Coffer.Engine.Integrity;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Objects;

/// <summary>
/// An object version whose content is ready to stream. The first blob is opened before this is
/// handed out, so an overwrite that deletes the old blob cannot pull the bytes from under a
/// reader that has already started: on Linux an open file outlives its deletion.
/// <para>
/// Later segments (the parts of a multipart object) are opened only when a read reaches them:
/// opening all 10,000 parts of a large object for a small ranged read would cost a file handle
/// each. The price is that an overwrite committed during a long read of a multipart object may
/// delete a part not yet opened; the read then fails (the client sees a cut transfer, never
/// wrong bytes).
/// </para>
/// <para>
/// An inline segment (a small object's content, see <see cref="InlineObjects"/>) came with the
/// version from the metadata store, in the same snapshot, so nothing can pull it away.
/// </para>
/// <para>
/// Bitrot: a segment read from its first byte to its last is checked against the CRC64NVME
/// stored when it was written (see <see cref="SequentialVerifier"/>); a mismatch, or a blob
/// shorter than its recorded length, throws <see cref="BlobCorruptException"/> before the bytes
/// that show it are handed out. Inline segments are verified the same way: they cost nothing to
/// check, and a database page can rot like a file.
/// </para>
/// </summary>
public sealed class OpenedObject : IDisposable
{
    // Two buffers of this size per streaming read: one filled from the disk while the other goes to the client.
    // Big enough that a 1 GiB GET is ~2,000 reads (each a thread-pool hop), small enough that 100 concurrent GETs
    // hold 100 MiB at most.
    private const int BufferSize = 512 * 1024;

    private readonly IBlobStore _blobs;
    private readonly BlobSealing? _sealing;

    // SSE-C: the request's key, which every segment after the first needs too.
    private readonly CustomerKey? _customerKey;
    private readonly IBlobReader?[] _readers;
    private readonly SequentialVerifier _verifier = new();

    // Where the last read ended, so that sequential reads find their segment without a scan.
    private int _segment;
    private long _segmentStart;

    internal OpenedObject(ObjectInfo info, IBlobStore blobs, BlobSealing? sealing, IBlobReader? first, CustomerKey? customerKey = null)
    {
        Info = info;
        _blobs = blobs;
        _sealing = sealing;
        _customerKey = customerKey;
        _readers = new IBlobReader?[info.Segments.Count];
        if (_readers.Length > 0)
        {
            _readers[0] = first;
        }
    }

    public ObjectInfo Info { get; }

    /// <summary>
    /// Copies bytes [offset, offset + length) of the object to <paramref name="destination"/>. The next chunk is read
    /// from the disk while the last one is written to the destination, so neither waits for the other.
    /// </summary>
    public async Task CopyRangeToAsync(Stream destination, long offset, long length, CancellationToken cancellationToken)
    {
        CheckRange(offset, length);
        if (length == 0)
        {
            return;
        }

        // A small object needs one small buffer; the second is rented only if a second read is needed (a range longer
        // than a chunk, or one that a segment boundary cuts in two).
        var chunkSize = (int)Math.Min(BufferSize, length);
        var filling = ArrayPool<byte>.Shared.Rent(chunkSize);
        byte[] sending = [];
        var pendingRead = default(ValueTask<int>);
        var readPending = false;
        try
        {
            pendingRead = ReadAtAsync(offset, filling.AsMemory(0, chunkSize), cancellationToken);
            readPending = true;
            while (true)
            {
                var read = await pendingRead;
                readPending = false;
                offset += read;
                length -= read;
                (filling, sending) = (sending, filling);
                if (length > 0)
                {
                    if (filling.Length == 0)
                    {
                        filling = ArrayPool<byte>.Shared.Rent(chunkSize);
                    }

                    pendingRead = ReadAtAsync(offset, filling.AsMemory(0, (int)Math.Min(chunkSize, length)), cancellationToken);
                    readPending = true;
                }

                await destination.WriteAsync(sending.AsMemory(0, read), cancellationToken);
                if (length == 0)
                {
                    return;
                }
            }
        }
        finally
        {
            // A read still in flight (the write failed) must finish before its buffer goes back to the pool.
            if (readPending)
            {
                try
                {
                    await pendingRead;
                }
                catch (Exception exception) when (exception is IOException or OperationCanceledException)
                {
                    // The copy has already failed; this read's own failure adds nothing.
                }
            }

            foreach (var buffer in (byte[][])[filling, sending])
            {
                if (buffer.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }

    /// <summary>
    /// Bytes [offset, offset + length) as a forward-only stream, for a consumer that pulls
    /// (UploadPartCopy feeds it to the same ingest as a request body). The stream does not own
    /// this object: dispose this after the stream is done.
    /// </summary>
    public Stream OpenRange(long offset, long length)
    {
        CheckRange(offset, length);
        return new RangeStream(this, offset, length);
    }

    /// <summary>
    /// A reader of one segment's plaintext: its inline content, or its blob in the blob store, opened through its seal
    /// when it is sealed. A blob shorter than the segment (or than it seals to) is refused here, before any of its
    /// bytes is sent; a sealed one whose length or key is wrong as well.
    /// </summary>
    internal static async Task<IBlobReader> OpenSegmentAsync(
        IBlobStore blobs, BlobSealing? sealing, ObjectInfo version, int index, CustomerKey? customerKey, CancellationToken cancellationToken)
    {
        var segment = version.Segments[index];
        var reader = segment.InlineContent is { } content ? new InlineBlobReader(content) : await blobs.OpenReadAsync(segment.Blob, cancellationToken);
        if (reader.Length < segment.StoredLength)
        {
            reader.Dispose();
            throw IntegrityCounters.Counted(new BlobCorruptException(version, segment.Blob, BlobDamage.Truncated));
        }

        if (segment.SealedKey is null)
        {
            return reader;
        }

        try
        {
            return await (sealing ?? throw new KeyUnwrapException(KeyUnwrapFailure.OtherWrappingKey, "This engine has no keys to open sealed blobs."))
                .OpenAsync(reader, segment, version.Attributes.Encryption, customerKey, cancellationToken);
        }
        catch (Exception error) when (error is SealedBlobException or KeyUnwrapException)
        {
            throw IntegrityCounters.Counted(new BlobCorruptException(version, segment.Blob, BlobDamage.AuthenticationFailed));
        }
    }

    public void Dispose()
    {
        foreach (var reader in _readers)
        {
            reader?.Dispose();
        }
    }

    private void CheckRange(long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Info.Size);
    }

    /// <summary>
    /// Reads from the one segment that holds <paramref name="position"/>, at most to its end;
    /// returns at least one byte. The position must lie inside the object.
    /// </summary>
    private async ValueTask<int> ReadAtAsync(long position, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (position < _segmentStart)
        {
            (_segment, _segmentStart) = (0, 0);
        }

        // Empty segments (an empty last part) are stepped over: no position lies inside them.
        while (position >= _segmentStart + Info.Segments[_segment].Length)
        {
            _segmentStart += Info.Segments[_segment].Length;
            _segment++;
        }

        var segment = Info.Segments[_segment];
        var reader = _readers[_segment] ??= await OpenSegmentAsync(_blobs, _sealing, Info, _segment, _customerKey, cancellationToken);
        var within = position - _segmentStart;
        var want = (int)Math.Min(buffer.Length, segment.Length - within);
        int read;
        try
        {
            read = await reader.ReadAsync(within, buffer[..want], cancellationToken);
        }
        catch (SealedBlobException damage)
        {
            var kind = damage.Damage == SealedDamage.Truncated ? BlobDamage.Truncated : BlobDamage.AuthenticationFailed;
            throw IntegrityCounters.Counted(new BlobCorruptException(Info, segment.Blob, kind));
        }

        if (read == 0)
        {
            // Shrunk since it was opened: never pad with zeros or wait for bytes that will not come.
            throw IntegrityCounters.Counted(new BlobCorruptException(Info, segment.Blob, BlobDamage.Truncated));
        }

        // A sealed segment's tags have verified every byte read; its CRC is over the sealed bytes, for the scrubber.
        if (segment.SealedKey is null && _verifier.Observe(_segment, segment, within, buffer.Span[..read]) is { } actual)
        {
            throw IntegrityCounters.Counted(
                new BlobCorruptException(Info, segment.Blob, BlobDamage.ChecksumMismatch, segment.ContentCrc64Nvme, actual));
        }

        return read;
    }

    private sealed class RangeStream(OpenedObject source, long offset, long length) : Stream
    {
        private long _position = offset;
        private long _remaining = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_remaining == 0 || buffer.IsEmpty)
            {
                return 0;
            }

            var read = await source.ReadAtAsync(_position, buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
            _position += read;
            _remaining -= read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
