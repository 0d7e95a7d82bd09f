using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Objects;

/// <summary>DeleteObject: the key, and the version to remove for good (null: the current one, as the bucket's versioning decides).</summary>
public sealed record DeleteObjectRequest
{
    public required BucketName Bucket { get; init; }

    public required ObjectKey Key { get; init; }

    public VersionId? VersionId { get; init; }

    public WriteCondition Condition { get; init; } = WriteCondition.None;

    /// <summary>Who a delete marker this adds belongs to (ListObjectVersions names it).</summary>
    public string Requester { get; init; } = "";

    /// <summary>x-amz-bypass-governance-retention from a caller allowed it: GOVERNANCE retention gives way.</summary>
    public bool BypassGovernance { get; init; }
}

/// <summary>
/// What a delete did. <see cref="VersionId"/> is the delete marker it added, or the version it was asked to remove;
/// null when neither (an unversioned delete). <see cref="DeleteMarker"/>: a marker was added, or the version removed
/// was one.
/// </summary>
public sealed record DeleteResult(string? VersionId, bool DeleteMarker)
{
    public static readonly DeleteResult Nothing = new(null, false);
}
