using System.Security.Cryptography;

namespace Coffer.Engine.Checksums;

// SHA1 and SHA256: IncrementalHash already produces the big-endian digest bytes S3 expects.
internal sealed class DigestHasher(HashAlgorithmName algorithm) : ChecksumHasher
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(algorithm);

    public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    public override byte[] GetCurrentHash() => _hash.GetCurrentHash();

    public override void Dispose()
    {
        _hash.Dispose();
        base.Dispose();
    }
}
