using System.Security.Cryptography;

namespace Coffer.Engine.Encryption;

/// <summary>
/// AES-256-GCM keyed for one blob, with that blob's context as every segment's associated data:
/// the one place that builds nonces (see <see cref="SealedFormat"/>). One instance serves one
/// sealer or reader, which keeps the cipher context set up across all of its segments; like
/// <see cref="AesGcm"/>, it must not be used by two threads at once.
/// </summary>
internal sealed class SegmentCipher : IDisposable
{
    private readonly AesGcm _aes;
    private readonly byte[] _context;

    public SegmentCipher(ReadOnlySpan<byte> dataKey, ulong ordinal, ReadOnlySpan<byte> context)
    {
        _aes = BlobKeys.CreateCipher(dataKey, ordinal);
        _context = context.ToArray();
    }

    /// <summary>
    /// Seals <paramref name="plaintext"/> as segment <paramref name="index"/> into
    /// <paramref name="sealedSegment"/> (its length plus the tag); the two may start at the same
    /// byte, for sealing in place.
    /// </summary>
    public void Seal(long index, bool final, ReadOnlySpan<byte> plaintext, Span<byte> sealedSegment)
    {
        Span<byte> nonce = stackalloc byte[SealedFormat.NonceSize];
        SealedFormat.WriteNonce(nonce, index, final);
        _aes.Encrypt(nonce, plaintext, sealedSegment[..plaintext.Length], sealedSegment.Slice(plaintext.Length, SealedFormat.TagSize), _context);
    }

    /// <summary>
    /// Opens <paramref name="sealedSegment"/> (ciphertext and tag) as segment <paramref name="index"/>
    /// into <paramref name="plaintext"/>, which may start at the same byte. False, with the
    /// plaintext wiped, when the tag does not verify.
    /// </summary>
    public bool TryOpen(long index, bool final, ReadOnlySpan<byte> sealedSegment, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[SealedFormat.NonceSize];
        SealedFormat.WriteNonce(nonce, index, final);
        var length = sealedSegment.Length - SealedFormat.TagSize;
        try
        {
            _aes.Decrypt(nonce, sealedSegment[..length], sealedSegment[length..], plaintext[..length], _context);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose() => _aes.Dispose();
}
