namespace Coffer.Engine.Model;

/// <summary>One stored version of an object, as the metadata store holds it.</summary>
public sealed record ObjectInfo
{
    public required string Bucket { get; init; }

    public required string Key { get; init; }

    /// <summary>"null" in a bucket that has never had versioning enabled, as S3 reports it.</summary>
    public required string VersionId { get; init; }

    public required long Size { get; init; }

    /// <summary>The ETag as S3 sends it, quotes included: <c>"hex-md5"</c> or <c>"hex-md5-N"</c>.</summary>
    public required string ETag { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    /// <summary>Content headers, storage class, owner and ACL: everything the version carries besides its content.</summary>
    public required ObjectAttributes Attributes { get; init; }

    public ObjectChecksum? Checksum { get; init; }

    /// <summary>
    /// The content, in order. A PUT of an empty body has no segments; a completed multipart
    /// upload has exactly one per part (an empty part included), so part numbers map to segments.
    /// </summary>
    public IReadOnlyList<BlobSegment> Segments { get; init; } = [];

    public bool IsDeleteMarker { get; init; }

    public bool IsLatest { get; init; } = true;

    /// <summary>
    /// The multipart upload this version completed, if any: a repeated CompleteMultipartUpload of
    /// that upload answers with this version, as S3 does, rather than NoSuchUpload.
    /// </summary>
    public string? UploadId { get; init; }

    /// <summary>The restore of an archived version, asked for or done; null when none was asked or the last one expired.</summary>
    public ArchiveRestore? Restore { get; init; }

    /// <summary>
    /// For an INTELLIGENT_TIERING version, its access tier and last recorded access; null until the first move or
    /// recorded access, which means the Frequent tier, last accessed when written. Meaningless for other classes.
    /// </summary>
    public TieringState? Tiering { get; init; }

    /// <summary>The version's Intelligent-Tiering state, with the defaults of a version never moved nor recorded.</summary>
    public TieringState TieringOrDefault => Tiering ?? new TieringState(AccessTier.Frequent, LastModified);

    /// <summary>True when the version is in an archive class and has no restored copy to read at <paramref name="now"/>.</summary>
    public bool IsArchivedAt(DateTimeOffset now) =>
        (StorageClasses.IsArchive(Attributes.StorageClass) && Restore?.IsReadable(now) != true) || IsInArchiveAccessTier;

    /// <summary>True for an INTELLIGENT_TIERING version in ARCHIVE_ACCESS or DEEP_ARCHIVE_ACCESS (readable only once restored).</summary>
    public bool IsInArchiveAccessTier => Attributes.StorageClass == StorageClasses.IntelligentTiering && Tiering is { IsArchived: true };
}

/// <summary>
/// A run of bytes of an object held in one blob. A segment of a completed multipart upload is
/// one part, and keeps that part's checksum (GetObject with partNumber, GetObjectAttributes).
/// </summary>
public sealed record BlobSegment(BlobId Blob, long Length, ObjectChecksum? Checksum = null)
{
    /// <summary>
    /// The content itself, when the metadata store holds it instead of the blob store (a small
    /// PUT; see <c>InlineObjects</c>). Its length is <see cref="Length"/>. The blob id still names
    /// it, so copies share it and reference counting releases it like any other blob.
    /// </summary>
#pragma warning disable CA1819 // An immutable buffer by convention: blobs never change, and a copy would cost more than the field.
    public byte[]? InlineContent { get; init; }
#pragma warning restore CA1819

    /// <summary>
    /// The CRC64NVME of the blob's whole content, taken as it was written, so that a read from its
    /// first byte to its last can tell rotten bytes from good ones. Null for blobs written before
    /// the store kept it (schema step 8): those cannot be verified, which is not the same as corrupt.
    /// </summary>
    public ulong? ContentCrc64Nvme { get; init; }

    /// <summary>
    /// When the blob is sealed (encrypted at rest, see <c>docs/encryption-format.md</c>): the blob's own data key,
    /// wrapped by the key of its encryption (the master key for SSE-S3). The blob then holds
    /// <c>SealedFormat.SealedLength(Length, layers)</c> bytes (two layers for DSSE-KMS, whose sealed key says so); <see cref="Length"/> stays the plaintext's, and
    /// <see cref="ContentCrc64Nvme"/> is over the sealed bytes, so that the scrubber checks a blob without its key.
    /// Null for a blob stored in plaintext. A copy shares the blob, so it shares this too.
    /// </summary>
#pragma warning disable CA1819 // An immutable buffer by convention, as InlineContent.
    public byte[]? SealedKey { get; init; }
#pragma warning restore CA1819

    /// <summary>
    /// For a sealed blob copied byte for byte from another (a transition to a tier, a restore's copy): the id of the blob
    /// it was sealed as, which its segments' associated data and its key's wrap are bound to. Null when the blob was
    /// sealed under its own id (or is plaintext). Copies keep sealed bytes as they are because an SSE-C object's key is
    /// the client's: nothing in the server could seal them again.
    /// </summary>
    public BlobId? SealedAs { get; init; }

    /// <summary>The id the blob's sealing is bound to: its own, unless its bytes were copied from another blob.</summary>
    public BlobId SealingId => SealedAs ?? Blob;

    /// <summary>This segment with its stored bytes copied, as they are, into blob <paramref name="copy"/>.</summary>
    public BlobSegment CopiedTo(BlobId copy) => this with
    {
        Blob = copy,
        InlineContent = null,
        SealedAs = SealedKey is null ? null : SealingId,
    };

    /// <summary>The bytes the blob holds: <see cref="Length"/>, or what it seals to.</summary>
    public long StoredLength => SealedKey is null ? Length : Encryption.SealedFormat.SealedLength(Length, Encryption.DualLayerKey.LayersOf(SealedKey));
}

/// <summary>The content headers S3 stores with an object and returns on GET and HEAD.</summary>
public sealed record ObjectHeaders
{
    public static readonly ObjectHeaders Empty = new();

    public string? ContentType { get; init; }

    public string? ContentEncoding { get; init; }

    public string? ContentDisposition { get; init; }

    public string? ContentLanguage { get; init; }

    public string? CacheControl { get; init; }

    /// <summary>Kept as the client sent it; S3 echoes the text rather than a reformatted date.</summary>
    public string? Expires { get; init; }

    /// <summary>x-amz-meta-* without the prefix, names in lower case.</summary>
    public IReadOnlyDictionary<string, string> UserMetadata { get; init; } = new Dictionary<string, string>();
}
