using Coffer.Engine.Model;

namespace Coffer.Engine.Storage;

/// <summary>How a restore's <see cref="RetrievalTier"/> is spelled in the metadata stores: S3's words, part of the database format.</summary>
public static class RetrievalTierNames
{
    public static string ToStored(RetrievalTier tier) => tier switch
    {
        RetrievalTier.Standard => "Standard",
        RetrievalTier.Expedited => "Expedited",
        RetrievalTier.Bulk => "Bulk",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    public static RetrievalTier FromStored(string stored) => stored switch
    {
        "Standard" => RetrievalTier.Standard,
        "Expedited" => RetrievalTier.Expedited,
        "Bulk" => RetrievalTier.Bulk,
        _ => throw new InvalidDataException($"Unknown retrieval tier '{stored}' in the database."),
    };
}
