using Coffer.Engine.Model;

namespace Coffer.Engine.Multipart;

public sealed record CreateUploadRequest
{
    /// <summary>Asked whether the caller may use the object's KMS key, once the engine knows which it is; needed when one is used.</summary>
    public Kms.IKeyUseCheck? KeyUse { get; init; }

    /// <summary>
    /// SSE-C: the key the request brought (x-amz-server-side-encryption-customer-key), never stored; the object is
    /// sealed under it and keeps only a check of it.
    /// </summary>
    public CustomerKey? CustomerKey { get; init; }

    public required BucketName Bucket { get; init; }

    public required ObjectKey Key { get; init; }

    public ObjectAttributes Attributes { get; init; } = ObjectAttributes.Default;

    public ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>Null picks S3's default for the algorithm: FULL_OBJECT for CRC64NVME, COMPOSITE otherwise.</summary>
    public ChecksumType? ChecksumType { get; init; }
}
