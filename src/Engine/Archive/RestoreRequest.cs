using Coffer.Engine.Model;

namespace Coffer.Engine.Archive;

/// <summary>
/// A RestoreObject of one version (the latest when <see cref="VersionId"/> is null) for <see cref="Days"/> days. Days
/// is null when the request had none, as a restore from an Intelligent-Tiering archive tier must (it has no expiry).
/// </summary>
public sealed record RestoreRequest(BucketName Bucket, ObjectKey Key, VersionId? VersionId, int? Days, RetrievalTier Tier);

public enum RestoreRequestOutcome
{
    /// <summary>A restore was started (S3's 202 Accepted).</summary>
    Started,

    /// <summary>A restored copy exists already; its expiry was moved to the new number of days (S3's 200 OK).</summary>
    Extended,
}
