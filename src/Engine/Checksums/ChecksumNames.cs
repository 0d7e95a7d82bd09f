using Coffer.Engine.Model;

namespace Coffer.Engine.Checksums;

/// <summary>The names S3 gives each checksum algorithm, in headers and in XML.</summary>
public static class ChecksumNames
{
    /// <summary>As in x-amz-checksum-algorithm and the &lt;ChecksumAlgorithm&gt; element: CRC32, CRC32C, CRC64NVME, SHA1, SHA256.</summary>
    public static string Of(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "CRC32",
        ChecksumAlgorithm.Crc32C => "CRC32C",
        ChecksumAlgorithm.Crc64Nvme => "CRC64NVME",
        ChecksumAlgorithm.Sha1 => "SHA1",
        ChecksumAlgorithm.Sha256 => "SHA256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>As in x-amz-checksum-type and the &lt;ChecksumType&gt; element: COMPOSITE or FULL_OBJECT.</summary>
    public static string Of(ChecksumType type) => type switch
    {
        ChecksumType.Composite => "COMPOSITE",
        ChecksumType.FullObject => "FULL_OBJECT",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses an algorithm name case-insensitively (clients send "crc32" in x-amz-trailer header names).</summary>
    public static bool TryParse(string? name, out ChecksumAlgorithm algorithm) => TryParse(name, Of, out algorithm);

    /// <summary>Parses COMPOSITE or FULL_OBJECT, case-insensitively.</summary>
    public static bool TryParseType(string? name, out ChecksumType type) => TryParse(name, Of, out type);

    /// <summary>The header that carries the value: x-amz-checksum-crc32, ...</summary>
    public static string HeaderOf(ChecksumAlgorithm algorithm) => "x-amz-checksum-" + Of(algorithm).ToLowerInvariant();

    private static bool TryParse<T>(string? name, Func<T, string> nameOf, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(nameOf(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
