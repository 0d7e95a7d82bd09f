using Coffer.Engine.Model;

namespace Coffer.Engine.Storage;

/// <summary>How <see cref="ChecksumType"/> is spelled in the database: S3's names, as x-amz-checksum-type carries them.</summary>
public static class ChecksumTypeNames
{
    public static string ToStored(ChecksumType type) => type switch
    {
        ChecksumType.Composite => "COMPOSITE",
        ChecksumType.FullObject => "FULL_OBJECT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown checksum type."),
    };

    public static ChecksumType FromStored(string name) => name switch
    {
        "COMPOSITE" => ChecksumType.Composite,
        "FULL_OBJECT" => ChecksumType.FullObject,
        _ => throw new InvalidDataException($"Unknown stored checksum type '{name}'."),
    };
}
