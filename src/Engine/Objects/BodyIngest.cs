using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

using Coffer.Engine.Checksums;
using Coffer.Engine.Encryption;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Tiers;

namespace Coffer.Engine.Objects;

/// <summary>
/// What one pass over a request body produced: a committed blob (none for an empty body, unless
/// asked for) and its digests; <see cref="DefaultChecksum"/> is the CRC64NVME when it was asked
/// for besides another algorithm. When <see cref="InlineContent"/> is set, the blob exists only as
/// that content, for the metadata store to keep (see <see cref="InlineObjects"/>): nothing was
/// written to the blob store.
/// </summary>
internal sealed record IngestedBody(BlobId? Blob, long Length, byte[] Md5, ObjectChecksum? Checksum, ObjectChecksum? DefaultChecksum = null)
{
    public byte[]? InlineContent { get; init; }

    /// <summary>
    /// The CRC64NVME of the blob's whole content, whatever checksum the client asked for: of the body, or of its sealed
    /// bytes when it is sealed. Reads and the scrubber verify the blob against it.
    /// </summary>
    public ulong ContentCrc64Nvme { get; init; }

    /// <summary>The blob's wrapped data key when it is sealed (see <see cref="BlobSegment.SealedKey"/>).</summary>
    public byte[]? SealedKey { get; init; }

    /// <summary>The body as one segment of a version: none for an empty body.</summary>
    public IReadOnlyList<BlobSegment> Segments =>
        Blob is { } blob ? [new BlobSegment(blob, Length) { InlineContent = InlineContent, ContentCrc64Nvme = ContentCrc64Nvme, SealedKey = SealedKey }] : [];

    /// <summary>A blob that the blob store holds, to delete when its version does not commit.</summary>
    public BlobId? StoredBlob => InlineContent is null ? Blob : null;
}

/// <summary>What a body must satisfy and how it is to be kept: everything <see cref="BodyIngest.WriteAsync"/> needs besides the stream.</summary>
internal sealed record BodyIngestOptions
{
    /// <summary>The length the client declared; the body must be exactly this long when set.</summary>
    public long? DeclaredLength { get; init; }

    /// <summary>The longest body accepted (EntityTooLarge past it), declared or not.</summary>
    public required long MaxLength { get; init; }

    /// <summary>Content-MD5, decoded; the body's MD5 must equal it when set.</summary>
    public byte[]? ExpectedMd5 { get; init; }

    /// <summary>The checksum to compute and keep with the blob; null computes none.</summary>
    public ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>The base64 value promised for <see cref="ChecksumAlgorithm"/>, read only after the body has ended (a trailer); null verifies nothing.</summary>
    public Func<string?>? ExpectedChecksum { get; init; }

    /// <summary>
    /// Write a blob even for an empty body: a part needs one, so that parts and segments stay one
    /// to one; an empty object needs none.
    /// </summary>
    public bool BlobForEmptyBody { get; init; }

    /// <summary>Also compute the CRC64NVME, besides <see cref="ChecksumAlgorithm"/> (a part of an upload created without an algorithm).</summary>
    public bool AlsoDefaultChecksum { get; init; }

    /// <summary>
    /// A small body of known length may be kept in memory for the metadata store (see <see cref="InlineObjects"/>),
    /// unless its class lives in a tier.
    /// </summary>
    public bool MayInline { get; init; }

    /// <summary>The class of the object the body belongs to: its blob is written in the class's tier, if it has one.</summary>
    public string StorageClass { get; init; } = StorageClasses.Standard;

    /// <summary>Seal the blob (inline content too) with a data key of its own, by <see cref="Sealing"/>; null stores plaintext.</summary>
    public ObjectEncryption? Encryption { get; init; }

    /// <summary>What seals it; required with <see cref="Encryption"/>.</summary>
    public BlobSealing? Sealing { get; init; }

    /// <summary>SSE-C: the request's key, checked already; required when <see cref="Encryption"/> is SSE-C.</summary>
    public CustomerKey? CustomerKey { get; init; }
}

/// <summary>
/// Streams a body into a new blob, computing MD5 and the requested checksum in the same pass,
/// verifies what the client promised, and only then makes the blob durable. On any failure the
/// temporary blob is removed and nothing is visible. A small body of known length may instead be
/// held in memory, for the metadata store to keep inline (see <see cref="InlineObjects"/>).
/// </summary>
internal static class BodyIngest
{
    /// <summary>Large enough that a 5 GiB body is ~20k writes; small enough that 1,000 concurrent uploads stay bounded.</summary>
    private const int BufferSize = 256 * 1024;

    public static async Task<IngestedBody> WriteAsync(IBlobStore blobs, Stream body, BodyIngestOptions options, CancellationToken cancellationToken)
    {
        var (declaredLength, maxLength, checksumAlgorithm) = (options.DeclaredLength, options.MaxLength, options.ChecksumAlgorithm);
        var blobForEmptyBody = options.BlobForEmptyBody;
        if (declaredLength > maxLength)
        {
            throw new EngineException(EngineError.EntityTooLarge);
        }

        var sealing = options.Encryption is { } encryption
            ? options.Sealing ?? throw new InvalidOperationException("Encryption needs a sealing.")
            : null;

        // Sized by the declared length (sealed, when sealing), which the loop below never lets the body exceed.
        var inline = options.MayInline && !blobs.HasTierFor(options.StorageClass) && InlineObjects.Fits(declaredLength)
            ? new byte[sealing is null ? declaredLength!.Value : SealedFormat.SealedLength(declaredLength!.Value, BlobSealing.LayersOf(options.Encryption!))]
            : null;

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var checksum = checksumAlgorithm is { } algorithm ? ChecksumHasher.Create(algorithm) : null;
        using var defaultChecksum = options.AlsoDefaultChecksum && checksumAlgorithm != ChecksumAlgorithm.Crc64Nvme
            ? ChecksumHasher.Create(ChecksumAlgorithm.Crc64Nvme)
            : null;

        // The blob's own CRC64NVME, stored for verification on read (bitrot). A CRC64NVME the client asked for, or the
        // default one, is over exactly these bytes already: the body is hashed a second time only when neither runs.
        // A sealed blob's is over its sealed bytes, taken below.
        using var ownContentHasher = checksumAlgorithm != ChecksumAlgorithm.Crc64Nvme && defaultChecksum is null && options.Encryption is null
            ? ChecksumHasher.Create(ChecksumAlgorithm.Crc64Nvme)
            : null;
        var contentHasher = ownContentHasher ?? (checksumAlgorithm == ChecksumAlgorithm.Crc64Nvme ? checksum : defaultChecksum);
        // A file only where the bytes go to one: not for inline content, nor for an object declared empty (a listing
        // bucket's zero-byte markers), which the loop below refuses to let grow.
        var needsFile = inline is null && (declaredLength != 0 || blobForEmptyBody);
        await using var writer = needsFile ? blobs.CreateWriterFor(options.StorageClass) : null;

        // A sealed blob's content is its sealed bytes: the sealer hands them to the file or the inline buffer, and its
        // CRC64NVME is theirs, so that the scrubber needs no key. Only a blob that exists is sealed.
        var blobId = writer?.Id ?? (inline is not null ? BlobId.New() : (BlobId?)null);
        byte[]? dataKey = null;
        byte[]? sealedKey = null;
        if (sealing is not null && blobId is { } id)
        {
            (dataKey, sealedKey) = await sealing.NewKeyAsync(options.Encryption!, id, options.CustomerKey, cancellationToken);
        }

        using var sealedHasher = dataKey is not null ? ChecksumHasher.Create(ChecksumAlgorithm.Crc64Nvme) : null;
        long sealedWritten = 0;
        async ValueTask StoreSealedAsync(ReadOnlyMemory<byte> sealedBytes, CancellationToken token)
        {
            sealedHasher!.Append(sealedBytes.Span);
            if (writer is not null)
            {
                await writer.WriteAsync(sealedBytes, token);
            }
            else
            {
                sealedBytes.CopyTo(inline.AsMemory((int)sealedWritten));
            }

            sealedWritten += sealedBytes.Length;
        }

        using var sealer = dataKey is not null ? new SegmentSealer(dataKey, BlobSealing.Ordinal, BlobSealing.SegmentContext(blobId!.Value), StoreSealedAsync) : null;
        if (dataKey is not null)
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            // 1. Stream: read, hash, write. The body stream verifies signatures and decodes aws-chunked itself.
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                length += read;
                if (length > maxLength)
                {
                    throw new EngineException(EngineError.EntityTooLarge);
                }

                if (declaredLength is { } declared && length > declared)
                {
                    throw new EngineException(EngineError.IncompleteBody, "The body is longer than its declared length.");
                }

                var chunk = buffer.AsMemory(0, read);
                md5.AppendData(chunk.Span);
                checksum?.Append(chunk.Span);
                defaultChecksum?.Append(chunk.Span);
                ownContentHasher?.Append(chunk.Span);
                if (sealer is not null)
                {
                    await sealer.WriteAsync(chunk, cancellationToken);
                }
                else if (writer is not null)
                {
                    await writer.WriteAsync(chunk, cancellationToken);
                }
                else if (inline is not null)
                {
                    chunk.CopyTo(inline.AsMemory((int)(length - read)));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // 2. Verify what the client promised, before anything becomes durable or visible.
        if (declaredLength is { } expectedLength && length != expectedLength)
        {
            throw new EngineException(EngineError.IncompleteBody);
        }

        var digest = md5.GetHashAndReset();
        if (options.ExpectedMd5 is { } expectedMd5 && !CryptographicOperations.FixedTimeEquals(expectedMd5, digest))
        {
            throw new EngineException(EngineError.BadDigest);
        }

        ObjectChecksum? computed = null;
        if (checksum is not null && checksumAlgorithm is { } alg)
        {
            computed = new ObjectChecksum(alg, checksum.GetCurrentHashBase64());
            var promised = options.ExpectedChecksum?.Invoke();
            if (promised is not null && !string.Equals(promised, computed.Base64Value, StringComparison.Ordinal))
            {
                throw new EngineException(
                    EngineError.ChecksumMismatch,
                    $"The {ChecksumNames.Of(alg)} you specified did not match the calculated checksum.");
            }
        }

        // 3. Durable: fsync, rename, fsync the directory. An empty object needs no blob at all; an
        //    empty part does, so that parts and segments stay one to one.
        var computedDefault = defaultChecksum is null ? null : new ObjectChecksum(ChecksumAlgorithm.Crc64Nvme, defaultChecksum.GetCurrentHashBase64());
        if (length == 0 && !blobForEmptyBody)
        {
            return new IngestedBody(null, 0, digest, computed, computedDefault);
        }

        if (sealer is not null)
        {
            await sealer.FinishAsync(cancellationToken);
        }

        var contentCrc = BinaryPrimitives.ReadUInt64BigEndian((sealedHasher ?? contentHasher!).GetCurrentHash());
        if (writer is null)
        {
            // Inline (the only way here with bytes): made durable by the metadata commit, as part of the version.
            return new IngestedBody(blobId!.Value, length, digest, computed, computedDefault)
            {
                InlineContent = inline,
                ContentCrc64Nvme = contentCrc,
                SealedKey = sealedKey,
            };
        }

        await writer.CommitAsync(cancellationToken);
        return new IngestedBody(writer.Id, length, digest, computed, computedDefault) { ContentCrc64Nvme = contentCrc, SealedKey = sealedKey };
    }
}
