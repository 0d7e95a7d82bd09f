using Coffer.Engine.Model;

namespace Coffer.Engine.Multipart;

public sealed record CreateUploadRequest
{
    public required BucketName Bucket { get; init; }

    public required ObjectKey Key { get; init; }

    public ObjectHeaders Headers { get; init; } = ObjectHeaders.Empty;

    public string StorageClass { get; init; } = StorageClasses.Standard;

    public ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>Null picks S3's default for the algorithm: FULL_OBJECT for CRC64NVME, COMPOSITE otherwise.</summary>
    public ChecksumType? ChecksumType { get; init; }

    public string Owner { get; init; } = "";

    /// <summary>See <see cref="ObjectInfo.Acl"/>; null is the default ACL.</summary>
    public string? Acl { get; init; }
}
