using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Versions;

/// <summary>
/// When object lock forbids removing or replacing a version. The one place that says so: deletes, overwrites in place,
/// the blob collector and lifecycle all ask here.
/// </summary>
public static class ObjectLockRules
{
    /// <summary>
    /// True when the version may not be removed: a legal hold stops everyone; a retention that has not ended stops
    /// everyone in COMPLIANCE mode, and in GOVERNANCE mode everyone but a caller who asked to bypass it and may.
    /// A delete marker is never protected.
    /// </summary>
    public static bool Protects(StoredVersion version, bool bypassGovernance, DateTimeOffset now)
    {
        if (version.IsDeleteMarker)
        {
            return false;
        }

        if (version.LegalHold == LegalHoldStatus.On)
        {
            return true;
        }

        return version.Retention is { } retention
            && retention.RetainUntil > now
            && !(retention.Mode == RetentionMode.Governance && bypassGovernance);
    }

    /// <summary>
    /// True when <paramref name="proposed"/> may replace the version's current retention: anything goes where none is
    /// in force; otherwise COMPLIANCE can only be kept or lengthened, and GOVERNANCE shortened, removed or turned into
    /// the other mode only with a bypass. Lengthening within the same mode is always allowed.
    /// </summary>
    public static bool MayChangeRetention(ObjectRetention? current, ObjectRetention? proposed, bool bypassGovernance, DateTimeOffset now)
    {
        if (current is null || current.RetainUntil <= now)
        {
            return true;
        }

        var lengthensOrKeeps = proposed is not null && proposed.Mode == current.Mode && proposed.RetainUntil >= current.RetainUntil;
        if (lengthensOrKeeps)
        {
            return true;
        }

        return current.Mode == RetentionMode.Governance && bypassGovernance;
    }

    /// <summary>
    /// The retention a new version gets: the one it was written with, else the bucket's default counted from the
    /// write, else none.
    /// </summary>
    public static ObjectRetention? RetentionFor(ObjectAttributes written, BucketInfo bucket, DateTimeOffset writtenAt) =>
        written.Retention
        ?? (bucket.ObjectLock?.DefaultRetention is { } defaults ? new ObjectRetention(defaults.Mode, defaults.RetainUntil(writtenAt)) : null);
}
