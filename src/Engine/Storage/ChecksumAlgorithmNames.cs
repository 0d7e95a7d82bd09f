using Coffer.Engine.Model;

namespace Coffer.Engine.Storage;

/// <summary>
/// How <see cref="ChecksumAlgorithm"/> is spelled in the database: S3's own names, so that
/// renaming an enum member can never change what stored rows mean.
/// </summary>
public static class ChecksumAlgorithmNames
{
    public static string ToStored(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "CRC32",
        ChecksumAlgorithm.Crc32C => "CRC32C",
        ChecksumAlgorithm.Crc64Nvme => "CRC64NVME",
        ChecksumAlgorithm.Sha1 => "SHA1",
        ChecksumAlgorithm.Sha256 => "SHA256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm."),
    };

    public static ChecksumAlgorithm FromStored(string name) => name switch
    {
        "CRC32" => ChecksumAlgorithm.Crc32,
        "CRC32C" => ChecksumAlgorithm.Crc32C,
        "CRC64NVME" => ChecksumAlgorithm.Crc64Nvme,
        "SHA1" => ChecksumAlgorithm.Sha1,
        "SHA256" => ChecksumAlgorithm.Sha256,
        _ => throw new InvalidDataException($"Unknown stored checksum algorithm '{name}'."),
    };
}
