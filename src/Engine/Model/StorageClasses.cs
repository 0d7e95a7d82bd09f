namespace Coffer.Engine.Model;

/// <summary>
/// The storage classes of a general-purpose S3 bucket, and which of them Coffer stores. Coffer
/// keeps every object on the same disks and echoes its class, so tools that choose a class for
/// cost reasons work unchanged, as long as the class reads back at once, as these do.
/// </summary>
public static class StorageClasses
{
    public const string Standard = "STANDARD";

    /// <summary>Classes whose objects S3 serves at once: Coffer stores them all alike.</summary>
    public static readonly IReadOnlySet<string> Stored = new HashSet<string>(StringComparer.Ordinal)
    {
        Standard,
        "REDUCED_REDUNDANCY",
        "STANDARD_IA",
        "ONEZONE_IA",
        "INTELLIGENT_TIERING",
        "GLACIER_IR",
    };

    /// <summary>
    /// Archive classes: S3 serves their objects only after a RestoreObject. Until restores are
    /// built, storing one as if it were hot would be a promise Coffer does not keep, and storing it
    /// cold would leave it unreadable; so these are refused as not implemented.
    /// </summary>
    public static readonly IReadOnlySet<string> Archive = new HashSet<string>(StringComparer.Ordinal) { "GLACIER", "DEEP_ARCHIVE" };

    public static StorageClassSupport Support(string name) =>
        Stored.Contains(name) ? StorageClassSupport.Stored
        : Archive.Contains(name) ? StorageClassSupport.NotImplemented
        : StorageClassSupport.Invalid;
}

public enum StorageClassSupport
{
    Stored,

    /// <summary>A class of general-purpose buckets that Coffer does not offer yet.</summary>
    NotImplemented,

    /// <summary>Not a class of a general-purpose bucket (OUTPOSTS, EXPRESS_ONEZONE, SNOW, FSX_*, a typo): S3's InvalidStorageClass.</summary>
    Invalid,
}
