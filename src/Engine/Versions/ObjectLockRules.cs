using Coffer.Engine.Errors;
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
    /// Whether object lock will hold a new version written with these attributes: it asks for a retention or a legal hold,
    /// or the bucket gives every new version its default retention.
    /// </summary>
    public static bool WillHold(ObjectAttributes written, BucketInfo bucket) =>
        written.Retention is not null || written.LegalHold == LegalHoldStatus.On || bucket.ObjectLock?.DefaultRetention is not null;

    /// <summary>
    /// S3 stores nothing object lock will hold (<see cref="WillHold"/>) unless the client proved the bytes with a digest of
    /// its own: Content-MD5, or an x-amz-checksum-* value in a header or a trailer. A request without one is refused before
    /// its body is read. <paramref name="requests"/> is S3's name for the kind in its message: "Put Object" or "Put Part".
    /// </summary>
    public static EngineException ClientDigestMissing(string requests) => new(
        EngineError.InvalidRequest, $"Content-MD5 OR x-amz-checksum- HTTP header is required for {requests} requests with Object Lock parameters");

    /// <summary>
    /// The retention a new version gets: the one it was written with, else the bucket's default counted from the
    /// write, else none.
    /// </summary>
    public static ObjectRetention? RetentionFor(ObjectAttributes written, BucketInfo bucket, DateTimeOffset writtenAt) =>
        written.Retention
        ?? (bucket.ObjectLock?.DefaultRetention is { } defaults ? new ObjectRetention(defaults.Mode, defaults.RetainUntil(writtenAt)) : null);
}
