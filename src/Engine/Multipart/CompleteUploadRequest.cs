using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Multipart;

/// <summary>A part as the client names it in CompleteMultipartUpload.</summary>
public sealed record CompletedPart(int PartNumber, string ETag, ObjectChecksum? Checksum = null);

public sealed record CompleteUploadRequest
{
    public required BucketName Bucket { get; init; }

    public required ObjectKey Key { get; init; }

    public required string UploadId { get; init; }

    /// <summary>SSE-C: the key, if the client sent it; checked against the upload's when given, not needed (nothing is sealed).</summary>
    public CustomerKey? CustomerKey { get; init; }

    /// <summary>As the client listed them: the engine checks the order.</summary>
    public required IReadOnlyList<CompletedPart> Parts { get; init; }

    /// <summary>x-amz-mp-object-size: when set, the completed object must be exactly this long.</summary>
    public long? ExpectedSize { get; init; }

    public WriteCondition Condition { get; init; } = WriteCondition.None;

    /// <summary>x-amz-checksum-&lt;alg&gt;: what the client says the object checksum is (a composite one with or without its "-N").</summary>
    public ObjectChecksum? ExpectedChecksum { get; init; }

    /// <summary>x-amz-checksum-type: must be the type the upload was created with.</summary>
    public ChecksumType? ExpectedChecksumType { get; init; }
}
