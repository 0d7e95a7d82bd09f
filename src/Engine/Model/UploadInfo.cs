namespace Coffer.Engine.Model;

/// <summary>
/// An open multipart upload, as the metadata store holds it. Everything the completed object
/// will carry besides its content is fixed here, at creation time, as S3 fixes it.
/// </summary>
public sealed record UploadInfo
{
    public required string Bucket { get; init; }

    public required string Key { get; init; }

    /// <summary>See <see cref="UploadIds"/>: unique, and ordered by the time the upload was created.</summary>
    public required string UploadId { get; init; }

    public required DateTimeOffset Initiated { get; init; }

    /// <summary>The attributes the completed object will carry.</summary>
    public ObjectAttributes Attributes { get; init; } = ObjectAttributes.Default;

    /// <summary>The algorithm every part is checksummed with (x-amz-checksum-algorithm); null when none was asked for.</summary>
    public ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    public ChecksumType? ChecksumType { get; init; }
}
