using Coffer.Engine.Model;

namespace Coffer.Engine.Storage;

/// <summary>How <see cref="RetentionMode"/> is spelled in the metadata stores: S3's own words, part of the database format.</summary>
public static class RetentionModeNames
{
    public static string ToStored(RetentionMode mode) => mode == RetentionMode.Compliance ? "COMPLIANCE" : "GOVERNANCE";

    public static RetentionMode FromStored(string stored) => stored switch
    {
        "COMPLIANCE" => RetentionMode.Compliance,
        "GOVERNANCE" => RetentionMode.Governance,
        _ => throw new InvalidDataException($"Unknown retention mode '{stored}' in the database."),
    };
}
