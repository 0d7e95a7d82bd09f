namespace Coffer.Engine.Model;

public enum ChecksumAlgorithm
{
    Crc32,
    Crc32C,
    Crc64Nvme,
    Sha1,
    Sha256,
}

/// <summary>
/// A stored checksum: the algorithm and its value in base64, as S3 headers carry it. A COMPOSITE
/// checksum of a multipart object is the checksum of its parts' checksums, and its value ends in
/// "-N" (the number of parts), as S3 writes it; every other checksum is of the bytes themselves.
/// </summary>
public sealed record ObjectChecksum(ChecksumAlgorithm Algorithm, string Base64Value, ChecksumType Type = ChecksumType.FullObject);
