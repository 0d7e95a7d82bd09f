namespace Coffer.Engine.Model;

/// <summary>
/// Every storage class name AWS accepts on a PUT. Coffer stores every object the same way and
/// echoes the class, so tools that choose a class for cost reasons work unchanged.
/// </summary>
public static class StorageClasses
{
    public const string Standard = "STANDARD";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Standard,
        "REDUCED_REDUNDANCY",
        "STANDARD_IA",
        "ONEZONE_IA",
        "INTELLIGENT_TIERING",
        "GLACIER",
        "DEEP_ARCHIVE",
        "OUTPOSTS",
        "GLACIER_IR",
        "SNOW",
        "EXPRESS_ONEZONE",
        "FSX_OPENZFS",
        "FSX_ONTAP",
    };
}
