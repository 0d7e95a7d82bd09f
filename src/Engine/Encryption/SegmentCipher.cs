using System.Security.Cryptography;

namespace Coffer.Engine.Encryption;

/// <summary>
/// AES-256-GCM keyed for one blob, in one layer or two (DSSE-KMS, see <see cref="SealedFormat"/>), with that blob's
/// context as every segment's associated data: the one place that builds nonces. One instance serves one sealer or
/// reader, which keeps the cipher contexts set up across all of its segments; like <see cref="AesGcm"/>, it must not be
/// used by two threads at once.
/// </summary>
internal sealed class SegmentCipher : IDisposable
{
    // Inner layer first: it seals the plaintext, each later layer what the one before sealed.
    private readonly AesGcm[] _layers;
    private readonly byte[] _context;

    /// <param name="dataKey">The blob's data key: 32 bytes for one layer, or the inner layer's 32 and then the outer's.</param>
    public SegmentCipher(ReadOnlySpan<byte> dataKey, ulong ordinal, ReadOnlySpan<byte> context)
    {
        _layers = new AesGcm[SealedFormat.LayersOf(dataKey.Length)];
        for (var layer = 0; layer < _layers.Length; layer++)
        {
            // Each layer's own data key gives its own blob key: the layers share nonces, never a key.
            _layers[layer] = BlobKeys.CreateCipher(dataKey.Slice(layer * SealedFormat.KeySize, SealedFormat.KeySize), ordinal);
        }

        _context = context.ToArray();
    }

    public int Layers => _layers.Length;

    /// <summary>The bytes a segment grows by when sealed.</summary>
    public int Overhead => SealedFormat.Overhead(Layers);

    /// <summary>
    /// Seals <paramref name="plaintext"/> as segment <paramref name="index"/> into <paramref name="sealedSegment"/> (its
    /// length plus <see cref="Overhead"/>); the two may start at the same byte, for sealing in place. Every layer after
    /// the first seals the previous layer's ciphertext and tag in place, and appends its own tag.
    /// </summary>
    public void Seal(long index, bool final, ReadOnlySpan<byte> plaintext, Span<byte> sealedSegment)
    {
        Span<byte> nonce = stackalloc byte[SealedFormat.NonceSize];
        SealedFormat.WriteNonce(nonce, index, final);
        var length = plaintext.Length;
        _layers[0].Encrypt(nonce, plaintext, sealedSegment[..length], sealedSegment.Slice(length, SealedFormat.TagSize), _context);
        length += SealedFormat.TagSize;
        for (var layer = 1; layer < _layers.Length; layer++)
        {
            var inner = sealedSegment[..length];
            _layers[layer].Encrypt(nonce, inner, inner, sealedSegment.Slice(length, SealedFormat.TagSize), _context);
            length += SealedFormat.TagSize;
        }
    }

    /// <summary>
    /// Opens <paramref name="sealedSegment"/> (ciphertext and tags) as segment <paramref name="index"/> into
    /// <paramref name="plaintext"/>, which may start at the same byte; outer layers open in place in
    /// <paramref name="sealedSegment"/>, which is then no longer the sealed bytes. False, with what failed to open wiped,
    /// when a tag of any layer does not verify.
    /// </summary>
    public bool TryOpen(long index, bool final, Span<byte> sealedSegment, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[SealedFormat.NonceSize];
        SealedFormat.WriteNonce(nonce, index, final);
        var length = sealedSegment.Length;
        try
        {
            for (var layer = _layers.Length - 1; layer > 0; layer--)
            {
                length -= SealedFormat.TagSize;
                var inner = sealedSegment[..length];
                _layers[layer].Decrypt(nonce, inner, sealedSegment.Slice(length, SealedFormat.TagSize), inner, _context);
            }

            length -= SealedFormat.TagSize;
            _layers[0].Decrypt(nonce, sealedSegment[..length], sealedSegment.Slice(length, SealedFormat.TagSize), plaintext[..length], _context);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var layer in _layers)
        {
            layer.Dispose();
        }
    }
}
