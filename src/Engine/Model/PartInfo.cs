namespace Coffer.Engine.Model;

/// <summary>
/// One uploaded part of an open multipart upload. Every part has its own blob, even an empty
/// one, so that a completed object has exactly one segment per part and part numbers map to
/// byte ranges (GetObject with partNumber).
/// </summary>
public sealed record PartInfo
{
    /// <summary>1 to 10,000.</summary>
    public required int PartNumber { get; init; }

    public required long Size { get; init; }

    /// <summary>The quoted hex MD5 of the part's bytes.</summary>
    public required string ETag { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    public required BlobId Blob { get; init; }

    /// <summary>
    /// The part's checksum: of the upload's algorithm, else of the one the request named, else
    /// CRC64NVME (S3's default).
    /// </summary>
    public ObjectChecksum? Checksum { get; init; }

    /// <summary>
    /// The part's CRC64NVME, kept besides <see cref="Checksum"/> when that is of another algorithm
    /// in an upload created without one: the object's default checksum is made from it.
    /// </summary>
    public ObjectChecksum? DefaultChecksum { get; init; }

    /// <summary>
    /// The CRC64NVME of the part's blob, whatever <see cref="Checksum"/> is: it becomes the
    /// segment's <see cref="BlobSegment.ContentCrc64Nvme"/> when the upload completes.
    /// </summary>
    public ulong? ContentCrc64Nvme { get; init; }

    /// <summary>The part blob's wrapped data key when it is sealed; it becomes the segment's <see cref="BlobSegment.SealedKey"/>.</summary>
#pragma warning disable CA1819 // An immutable buffer by convention.
    public byte[]? SealedKey { get; init; }
#pragma warning restore CA1819
}
