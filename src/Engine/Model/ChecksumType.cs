namespace Coffer.Engine.Model;

/// <summary>
/// How the checksum of an object is formed (x-amz-checksum-type). A single PUT always has a
/// FULL_OBJECT checksum; a multipart upload chooses when it is created.
/// </summary>
public enum ChecksumType
{
    /// <summary>A checksum of the parts' checksums, written with a "-N" suffix (CRC32, CRC32C, SHA1, SHA256).</summary>
    Composite,

    /// <summary>A checksum of the whole content, as a single PUT has (CRC32, CRC32C, CRC64NVME).</summary>
    FullObject,
}
