namespace Coffer.Engine.Lifecycle;

/// <summary>
/// Moves one stored version to another storage class, and so to the tier the host maps that class to: the lifecycle
/// worker's transitions go through this, and the engine decides how (copy the blobs to the tier, then commit the new
/// location and class in one transaction, so that a crash leaves the version readable from one place).
/// </summary>
public interface IStorageClassTransitions
{
    /// <summary>
    /// Moves the version, if it is still there with the ETag the caller saw, to <paramref name="storageClass"/>.
    /// Never throws for a version that went away or changed meanwhile: that is <see cref="TransitionOutcome.Skipped"/>.
    /// </summary>
    Task<TransitionOutcome> TransitionAsync(
        string bucket, string key, string versionId, string expectedETag, string storageClass, CancellationToken cancellationToken);
}

public enum TransitionOutcome
{
    Transitioned,

    /// <summary>The version is gone, changed, already in that class, or locked against the move; nothing changed.</summary>
    Skipped,

    /// <summary>The target tier failed (unreachable, full); the version stays where it was, to be tried on a later pass.</summary>
    TierFailed,
}
