namespace Coffer.Engine.Model;

/// <summary>
/// How the checksum of a multipart object is formed (x-amz-checksum-type). Chosen when the
/// upload is created; Coffer stores it now so that the object checksum can follow it later.
/// </summary>
public enum ChecksumType
{
    /// <summary>A checksum of the parts' checksums, written with a "-N" suffix (CRC32, CRC32C, SHA1, SHA256).</summary>
    Composite,

    /// <summary>A checksum of the whole content, as a single PUT has (CRC32, CRC32C, CRC64NVME).</summary>
    FullObject,
}
