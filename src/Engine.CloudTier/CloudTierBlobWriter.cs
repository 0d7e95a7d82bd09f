using System.Buffers;
using System.Buffers.Binary;

using Amazon.S3.Model;

using Coffer.Engine.Checksums;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.CloudTier;

/// <summary>
/// Streams a blob to the endpoint through one pooled buffer of <see cref="CloudTierOptions.PartSize"/>: a blob that
/// fits is one PutObject at commit; a larger one becomes a multipart upload, a part sent each time the buffer fills.
/// Nothing is visible under the blob's key before commit (an upload in progress is not an object). Every body
/// carries its CRC32C, which the endpoint checks before it stores the bytes.
/// </summary>
internal sealed class CloudTierBlobWriter : IBlobWriter
{
    private readonly CloudTierEndpoint _endpoint;
    private readonly string _key;
    private readonly List<PartETag> _parts = [];
    private byte[]? _buffer;
    private int _buffered;
    private long _sent;
    private string? _uploadId;
    private bool _committed;

    public CloudTierBlobWriter(CloudTierEndpoint endpoint)
    {
        _endpoint = endpoint;
        Id = BlobId.New();
        _key = endpoint.Keys.KeyOf(Id);
        _buffer = ArrayPool<byte>.Shared.Rent(endpoint.Options.PartSize);
    }

    public BlobId Id { get; }

    public long Length => _sent + _buffered;

    private int PartSize => _endpoint.Options.PartSize;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var buffer = Open();
        cancellationToken.ThrowIfCancellationRequested();
        while (!data.IsEmpty)
        {
            var count = Math.Min(PartSize - _buffered, data.Length);
            data.Span[..count].CopyTo(buffer.AsSpan(_buffered));
            _buffered += count;
            data = data[count..];

            // A full buffer is sent only once more data arrives: if the blob ends exactly here, commit sends it
            // as the last part (or as the whole object), so there is never an empty last part.
            if (_buffered == PartSize && !data.IsEmpty)
            {
                await SendPartAsync(buffer, cancellationToken);
            }
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var buffer = Open();
        cancellationToken.ThrowIfCancellationRequested();
        if (_uploadId is null)
        {
            await PutWholeAsync(buffer, cancellationToken);
        }
        else
        {
            await SendPartAsync(buffer, cancellationToken);
            await CompleteAsync(cancellationToken);
        }

        _committed = true;
        ReturnBuffer();
    }

    public async ValueTask DisposeAsync()
    {
        ReturnBuffer();
        if (_committed || _uploadId is null)
        {
            return;
        }

        try
        {
            // Aborting frees the parts the endpoint holds (and bills). If it fails, the upload is abandoned and
            // EnumerateAsync aborts it once it is old enough.
            var uploadId = _uploadId;
            _uploadId = null;
            await _endpoint.CallAsync(
                token => _endpoint.Client.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = _endpoint.Bucket, Key = _key, UploadId = uploadId }, token),
                $"abort the upload of blob {Id}",
                CancellationToken.None);
        }
        catch (TierUnavailableException)
        {
        }
    }

    private async Task PutWholeAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(buffer, 0, _buffered, writable: false);
        var request = new PutObjectRequest
        {
            BucketName = _endpoint.Bucket,
            Key = _key,
            InputStream = body,
            AutoCloseStream = false,
            UseChunkEncoding = false,
            ChecksumCRC32C = Crc32CBase64(buffer.AsSpan(0, _buffered)),
        };
        await _endpoint.CallAsync(token => _endpoint.Client.PutObjectAsync(request, token), $"store blob {Id}", cancellationToken);
        _sent += _buffered;
        _buffered = 0;
    }

    private async Task SendPartAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        if (_uploadId is null)
        {
            var started = await _endpoint.CallAsync(
                token => _endpoint.Client.InitiateMultipartUploadAsync(
                    new InitiateMultipartUploadRequest { BucketName = _endpoint.Bucket, Key = _key, ChecksumAlgorithm = Amazon.S3.ChecksumAlgorithm.CRC32C },
                    token),
                $"start the upload of blob {Id}",
                cancellationToken);
            _uploadId = started.UploadId;
        }

        var partNumber = _parts.Count + 1;
        var checksum = Crc32CBase64(buffer.AsSpan(0, _buffered));
        using var body = new MemoryStream(buffer, 0, _buffered, writable: false);
        var request = new UploadPartRequest
        {
            BucketName = _endpoint.Bucket,
            Key = _key,
            UploadId = _uploadId,
            PartNumber = partNumber,
            InputStream = body,
            UseChunkEncoding = false,
            ChecksumCRC32C = checksum,
        };
        var sent = await _endpoint.CallAsync(
            token => _endpoint.Client.UploadPartAsync(request, token), $"upload part {partNumber} of blob {Id}", cancellationToken);
        _parts.Add(new PartETag { PartNumber = partNumber, ETag = sent.ETag, ChecksumCRC32C = checksum });
        _sent += _buffered;
        _buffered = 0;
    }

    private async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _endpoint.CallAsync(
            token => _endpoint.Client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = _endpoint.Bucket, Key = _key, UploadId = _uploadId, PartETags = _parts },
                token),
            $"complete the upload of blob {Id}",
            cancellationToken);

        // Each part was checked by its CRC, but which parts make the object is the endpoint's bookkeeping: one
        // HEAD (cheap beside the parts) proves the object it assembled has every byte. A mismatch leaves an
        // unreferenced object, which the orphan sweep removes.
        var stored = await _endpoint.CallAsync(
            token => _endpoint.Client.GetObjectMetadataAsync(_endpoint.Bucket, _key, token), $"check blob {Id}", cancellationToken);
        if (stored.ContentLength != Length)
        {
            throw new TierUnavailableException(
                $"{_endpoint.Location.Flag}: the endpoint stored {stored.ContentLength} bytes for blob {Id}, which has {Length}.");
        }
    }

    private static string Crc32CBase64(ReadOnlySpan<byte> data)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Crc32C.Compute(data));
        return Convert.ToBase64String(bytes);
    }

    private byte[] Open()
    {
        if (_committed)
        {
            throw new InvalidOperationException($"Blob {Id} is already committed.");
        }

        ObjectDisposedException.ThrowIf(_buffer is null, this);
        return _buffer;
    }

    private void ReturnBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
