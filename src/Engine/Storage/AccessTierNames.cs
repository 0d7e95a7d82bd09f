using Coffer.Engine.Model;

namespace Coffer.Engine.Storage;

/// <summary>How an Intelligent-Tiering <see cref="AccessTier"/> is spelled in the metadata stores: S3's words, part of the database format.</summary>
public static class AccessTierNames
{
    public static string ToStored(AccessTier tier) => tier switch
    {
        AccessTier.Frequent => "FREQUENT",
        AccessTier.Infrequent => "INFREQUENT",
        AccessTier.ArchiveInstant => "ARCHIVE_INSTANT",
        AccessTier.ArchiveAccess => "ARCHIVE_ACCESS",
        AccessTier.DeepArchiveAccess => "DEEP_ARCHIVE_ACCESS",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    public static AccessTier FromStored(string stored) => stored switch
    {
        "FREQUENT" => AccessTier.Frequent,
        "INFREQUENT" => AccessTier.Infrequent,
        "ARCHIVE_INSTANT" => AccessTier.ArchiveInstant,
        "ARCHIVE_ACCESS" => AccessTier.ArchiveAccess,
        "DEEP_ARCHIVE_ACCESS" => AccessTier.DeepArchiveAccess,
        _ => throw new InvalidDataException($"Unknown access tier '{stored}' in the database."),
    };
}
