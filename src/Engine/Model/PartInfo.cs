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

    /// <summary>The part's checksum, when the upload or the request named an algorithm.</summary>
    public ObjectChecksum? Checksum { get; init; }
}
