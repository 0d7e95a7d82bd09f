using System.Security.Cryptography;

using Coffer.Engine.Model;

namespace Coffer.Engine.Checksums;

/// <summary>
/// One incremental checksum of an S3 algorithm, fed as a body streams past so the whole object never sits in memory.
/// </summary>
public abstract class ChecksumHasher : IDisposable
{
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not a defined value.</exception>
    public static ChecksumHasher Create(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => new Crc32Hasher(),
        ChecksumAlgorithm.Crc32C => new Crc32CHasher(),
        ChecksumAlgorithm.Crc64Nvme => new Crc64NvmeHasher(),
        ChecksumAlgorithm.Sha1 => new DigestHasher(HashAlgorithmName.SHA1),
        ChecksumAlgorithm.Sha256 => new DigestHasher(HashAlgorithmName.SHA256),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not an S3 checksum algorithm."),
    };

    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>
    /// The checksum of everything appended so far, as the big-endian bytes that S3 base64-encodes: 4 bytes for
    /// CRC32 and CRC32C, 8 for CRC64NVME, 20 for SHA1, 32 for SHA256. Appending may continue afterwards.
    /// </summary>
    public abstract byte[] GetCurrentHash();

    /// <summary>The checksum so far as S3 writes it in <c>x-amz-checksum-*</c> headers and XML.</summary>
    public string GetCurrentHashBase64() => Convert.ToBase64String(GetCurrentHash());

    // The CRCs hold nothing to release; the SHA hashers override this to free their native hash context.
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
