namespace Coffer.Engine.Model;

/// <summary>
/// Where an INTELLIGENT_TIERING version is within its class, as S3 Intelligent-Tiering moves it: by days without
/// access, and into the two archive tiers only when a bucket configuration asks for them.
/// </summary>
public enum AccessTier
{
    /// <summary>Where every version starts, and where an access or a restore brings it back.</summary>
    Frequent,

    /// <summary>After 30 days without access.</summary>
    Infrequent,

    /// <summary>After 90 days without access.</summary>
    ArchiveInstant,

    /// <summary>Archived (a configuration's ARCHIVE_ACCESS days): unreadable until restored.</summary>
    ArchiveAccess,

    /// <summary>Archived (a configuration's DEEP_ARCHIVE_ACCESS days): unreadable until restored.</summary>
    DeepArchiveAccess,
}

/// <summary>
/// The Intelligent-Tiering state of an INTELLIGENT_TIERING version: its access tier and when an access was last
/// recorded (the first access of its lifecycle day; later ones that day are not recorded).
/// </summary>
public sealed record TieringState(AccessTier Tier, DateTimeOffset LastAccessed)
{
    /// <summary>True in the tiers S3 archives (ARCHIVE_ACCESS, DEEP_ARCHIVE_ACCESS): HEAD works, reads need a restore.</summary>
    public bool IsArchived => Tier is AccessTier.ArchiveAccess or AccessTier.DeepArchiveAccess;

    /// <summary>S3's name of the tier, as in <c>x-amz-archive-status</c> and an InvalidObjectState's AccessTier.</summary>
    public string TierName => Tier switch
    {
        AccessTier.Frequent => "FREQUENT_ACCESS",
        AccessTier.Infrequent => "INFREQUENT_ACCESS",
        AccessTier.ArchiveInstant => "ARCHIVE_INSTANT_ACCESS",
        AccessTier.ArchiveAccess => "ARCHIVE_ACCESS",
        _ => "DEEP_ARCHIVE_ACCESS",
    };
}
