namespace Coffer.Engine.Model;

/// <summary>
/// The storage classes of a general-purpose S3 bucket. Every one is stored: in the main blob store, or in the tier the
/// host maps it to (<c>--tier</c>). Objects of the archive classes are not served until restored, as on S3.
/// </summary>
public static class StorageClasses
{
    public const string Standard = "STANDARD";

    public const string Glacier = "GLACIER";

    public const string DeepArchive = "DEEP_ARCHIVE";

    public const string IntelligentTiering = "INTELLIGENT_TIERING";

    /// <summary>Every class of a general-purpose bucket.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Standard,
        "REDUCED_REDUNDANCY",
        "STANDARD_IA",
        "ONEZONE_IA",
        IntelligentTiering,
        "GLACIER_IR",
        Glacier,
        DeepArchive,
    };

    /// <summary>Archive classes: S3 serves their objects only after a RestoreObject, and so does Coffer.</summary>
    public static readonly IReadOnlySet<string> Archive = new HashSet<string>(StringComparer.Ordinal) { Glacier, DeepArchive };

    /// <summary>True for a class of a general-purpose bucket; false for OUTPOSTS, EXPRESS_ONEZONE, SNOW, FSX_* or a typo (S3's InvalidStorageClass).</summary>
    public static bool IsKnown(string name) => All.Contains(name);

    public static bool IsArchive(string name) => Archive.Contains(name);
}
