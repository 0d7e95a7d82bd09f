using Coffer.Engine.Model;

namespace Coffer.Engine.Multipart;

/// <summary>Names one part of one upload: the target of UploadPart and UploadPartCopy.</summary>
public sealed record PartTarget(BucketName Bucket, ObjectKey Key, string UploadId, int PartNumber);

public sealed record UploadPartRequest
{
    /// <summary>Asked whether the caller may use the object's KMS key, once the engine knows which it is; needed when one is used.</summary>
    public Kms.IKeyUseCheck? KeyUse { get; init; }

    /// <summary>SSE-C: the key the request brought; must be the upload's when it was created with one, and absent otherwise.</summary>
    public CustomerKey? CustomerKey { get; init; }

    public required PartTarget Target { get; init; }

    /// <summary>The length the client declared; the body must be exactly this long when set.</summary>
    public long? DeclaredLength { get; init; }

    /// <summary>Content-MD5, decoded; the body's MD5 must equal it when set.</summary>
    public byte[]? ContentMd5 { get; init; }

    /// <summary>The algorithm the request names (x-amz-checksum-*, a trailer, or x-amz-sdk-checksum-algorithm), if any.</summary>
    public ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>The promised base64 value, read after the body has ended (it may come in a trailer).</summary>
    public Func<string?>? ExpectedChecksum { get; init; }
}
