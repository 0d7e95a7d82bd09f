using Coffer.Engine.Model;

namespace Coffer.Engine.Ports;

/// <summary>
/// Every reference to a blob that the metadata store holds — each segment of each stored version,
/// then each part of each open upload — read only, for the scrubber. A read-only view apart from
/// <see cref="IMetadataStore"/>, so that it can be opened beside a running server without taking
/// part in its writes. Each page is read in its own snapshot: a write committed during a walk may
/// or may not be seen, and a blob released meanwhile may show as missing.
/// </summary>
public interface IBlobInventory
{
    /// <summary>How many references there are and their bytes, for a progress report.</summary>
    Task<InventoryTotals> MeasureAsync(CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> references following <paramref name="after"/> (null: from
    /// the first), in a stable order; an empty list ends the walk. An inline segment comes with
    /// its content.
    /// </summary>
    Task<IReadOnlyList<BlobReference>> ListAsync(BlobReferencePosition? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// True when a stored version or an open upload's part references the blob now (in a fresh
    /// snapshot): a blob missing from the blob store is lost only if it is still referenced, not if
    /// an overwrite or delete released it after the page that named it was read.
    /// </summary>
    Task<bool> IsReferencedAsync(BlobId blob, CancellationToken cancellationToken);
}

public readonly record struct InventoryTotals(long References, long Bytes);

/// <summary>Where a reference lies in the walk; opaque to everyone but the store that made it.</summary>
public readonly record struct BlobReferencePosition(bool InUpload, long Row, long Sequence);

/// <summary>
/// One blob as one object version or one upload part references it: <see cref="VersionId"/> for
/// a version's segment, <see cref="UploadId"/> and <see cref="PartNumber"/> for a part.
/// </summary>
public sealed record BlobReference(BlobReferencePosition Position, string Bucket, string Key, BlobSegment Segment)
{
    public string? VersionId { get; init; }

    public string? UploadId { get; init; }

    public int? PartNumber { get; init; }
}
