namespace Coffer.Engine.Model;

public enum ChecksumAlgorithm
{
    Crc32,
    Crc32C,
    Crc64Nvme,
    Sha1,
    Sha256,
}

/// <summary>A stored checksum: the algorithm and its value in base64, as S3 headers carry it.</summary>
public sealed record ObjectChecksum(ChecksumAlgorithm Algorithm, string Base64Value);
