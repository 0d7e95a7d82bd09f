using Coffer.Engine.Model;
using Coffer.Engine.Objects;

namespace Coffer.Engine.Multipart;

/// <summary>x-amz-copy-source-range: the zero-based offsets of the first and the last byte, both included.</summary>
public readonly record struct CopySourceRange(long First, long Last);

public sealed record UploadPartCopyRequest
{
    /// <summary>Asked whether the caller may use the object's KMS key, once the engine knows which it is; needed when one is used.</summary>
    public Kms.IKeyUseCheck? KeyUse { get; init; }

    public required PartTarget Target { get; init; }

    /// <summary>SSE-C: the upload's key, which the part is sealed under; must be the upload's when it has one, and absent otherwise.</summary>
    public CustomerKey? CustomerKey { get; init; }

    /// <summary>SSE-C: the key of the source (x-amz-copy-source-server-side-encryption-customer-key), which an SSE-C source needs to be read.</summary>
    public CustomerKey? SourceCustomerKey { get; init; }

    public required BucketName SourceBucket { get; init; }

    public required ObjectKey SourceKey { get; init; }

    /// <summary>The source version named in x-amz-copy-source; null copies from the latest.</summary>
    public VersionId? SourceVersion { get; init; }

    public ReadPreconditions SourceConditions { get; init; } = ReadPreconditions.None;

    /// <summary>Null copies the whole source.</summary>
    public CopySourceRange? SourceRange { get; init; }
}

/// <summary>The part an UploadPartCopy stored, and the source version it was copied from.</summary>
public sealed record CopiedPart(PartInfo Part, ObjectInfo Source);
