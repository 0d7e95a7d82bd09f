using Coffer.Engine.Model;

namespace Coffer.S3.Routing;

/// <summary>
/// A routed request: which operation, on which bucket and key (as decoded from the URL, not yet
/// validated), and for <see cref="S3OperationKind.NotImplemented"/> the AWS name of the operation.
/// </summary>
public sealed record S3Operation(S3OperationKind Kind, string? Bucket, string? Key, string Name)
{
    /// <summary>The version an object request names with ?versionId=, parsed once here; null means the latest.</summary>
    public VersionId? VersionId { get; init; }

    /// <summary>
    /// The part an UploadPart, UploadPartCopy, GetObject or HeadObject names with ?partNumber=, parsed once here (1 to
    /// 10,000, else InvalidArgument); null when absent, and for every other operation, which ignores the parameter.
    /// </summary>
    public int? PartNumber { get; init; }

    /// <summary>The multipart upload ?uploadId= names, as sent: an unknown or empty one is simply not found.</summary>
    public string? UploadId { get; init; }

    public static S3Operation Of(S3OperationKind kind, string? bucket, string? key) => new(kind, bucket, key, kind.ToString());

    public static S3Operation Unsupported(string name, string? bucket, string? key) => new(S3OperationKind.NotImplemented, bucket, key, name);
}
