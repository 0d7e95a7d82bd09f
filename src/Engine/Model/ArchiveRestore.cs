namespace Coffer.Engine.Model;

/// <summary>
/// The restore of an archived version (S3's RestoreObject): asked for, then done, then expired. While it is ongoing
/// the version is still unreadable; once done it is readable until <see cref="ExpiresAt"/>, from
/// <see cref="RestoredBlobs"/> when the archive lies in a tier, or from its own blobs when it lies in the main store.
/// The version keeps its storage class throughout.
/// </summary>
public sealed record ArchiveRestore
{
    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>How many lifecycle days the restored copy stays, counted from when it is done.</summary>
    public required int Days { get; init; }

    public required RetrievalTier Tier { get; init; }

    /// <summary>When the copy may be done at the earliest (the host's delay for the retrieval tier).</summary>
    public required DateTimeOffset ReadyAt { get; init; }

    /// <summary>Null while the restore is ongoing; when done, the moment the restored copy goes.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// The restored copy of each segment, in the main blob store, in segment order; empty while ongoing, and when the
    /// archive itself lies in the main store (its blobs are read as they are). Sealed bytes are copied as they are,
    /// so each copy keeps its segment's sealed key.
    /// </summary>
    public IReadOnlyList<BlobId> RestoredBlobs { get; init; } = [];

    public bool IsOngoing => ExpiresAt is null;

    /// <summary>True when the restored copy may be read at <paramref name="now"/>.</summary>
    public bool IsReadable(DateTimeOffset now) => ExpiresAt is { } expires && now < expires;
}

/// <summary>S3's GlacierJobParameters.Tier: how fast a restore is wanted. Each has its own delay on the host.</summary>
public enum RetrievalTier
{
    Standard,
    Expedited,
    Bulk,
}
