// TEMPORARY stand-in until the checksums branch lands; replaced by that branch's file.
using Coffer.Engine.Model;

namespace Coffer.Engine.Checksums;

public abstract class ChecksumHasher : IDisposable
{
    public static ChecksumHasher Create(ChecksumAlgorithm algorithm) => throw new NotSupportedException(algorithm.ToString());

    public abstract void Append(ReadOnlySpan<byte> data);

    public abstract byte[] GetCurrentHash();

    public string GetCurrentHashBase64() => Convert.ToBase64String(GetCurrentHash());

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
