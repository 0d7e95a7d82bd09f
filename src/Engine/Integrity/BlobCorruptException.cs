using System.Globalization;

using Coffer.Engine.Model;

namespace Coffer.Engine.Integrity;

/// <summary>What is wrong with a blob that a read or the scrubber found damaged.</summary>
public enum BlobDamage
{
    /// <summary>The bytes read do not have the CRC64NVME stored when the blob was written.</summary>
    ChecksumMismatch,

    /// <summary>The blob holds fewer bytes than its recorded length.</summary>
    Truncated,

    /// <summary>The metadata names the blob but the blob store has no such blob.</summary>
    Missing,

    /// <summary>
    /// A sealed blob that does not open: a segment's tag fails (altered, moved, or sealed for another blob), it holds
    /// more than its length seals to, or its data key does not unwrap with this server's keys.
    /// </summary>
    AuthenticationFailed,
}

/// <summary>
/// A blob of an object version is damaged (bitrot, a truncated or deleted file). Thrown by a read
/// before it hands out the bytes that revealed the damage, so a reader never gets a whole body
/// that is wrong: the protocol layer answers an error or, once a response has begun, cuts it.
/// </summary>
public sealed class BlobCorruptException : Exception
{
    public BlobCorruptException(ObjectInfo version, BlobId blob, BlobDamage damage, ulong? expected = null, ulong? actual = null)
        : base(Describe(version, blob, damage, expected, actual))
    {
        Bucket = version.Bucket;
        Key = version.Key;
        VersionId = version.VersionId;
        Blob = blob;
        Damage = damage;
        ExpectedCrc64Nvme = expected;
        ActualCrc64Nvme = actual;
    }

    public string Bucket { get; }

    public string Key { get; }

    public string VersionId { get; }

    public BlobId Blob { get; }

    public BlobDamage Damage { get; }

    public ulong? ExpectedCrc64Nvme { get; }

    public ulong? ActualCrc64Nvme { get; }

    /// <summary>The damage in words, e.g. "checksum mismatch (stored CRC64NVME 0x…, read 0x…)".</summary>
    public string Problem => DescribeDamage(Damage, ExpectedCrc64Nvme, ActualCrc64Nvme);

    internal static string DescribeDamage(BlobDamage damage, ulong? expected, ulong? actual) => damage switch
    {
        BlobDamage.ChecksumMismatch => string.Create(
            CultureInfo.InvariantCulture, $"checksum mismatch (stored CRC64NVME 0x{expected:x16}, read 0x{actual:x16})"),
        BlobDamage.Truncated => "shorter than its recorded length",
        BlobDamage.AuthenticationFailed => "sealed bytes or key that fail authentication",
        _ => "missing",
    };

    private static string Describe(ObjectInfo version, BlobId blob, BlobDamage damage, ulong? expected, ulong? actual) =>
        $"Blob {blob} of {version.Bucket}/{version.Key} (version {version.VersionId}) is damaged: {DescribeDamage(damage, expected, actual)}.";
}
