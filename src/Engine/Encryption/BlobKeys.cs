using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Coffer.Engine.Encryption;

/// <summary>
/// Data keys and the per-blob keys derived from them. An object, or a multipart upload, has one
/// random 256-bit data key, which is stored only wrapped (see <see cref="DataKeyWrapper"/>). Each
/// blob sealed under it gets its own key, HKDF-SHA256(data key, info = label ‖ ordinal), so that
/// the segment nonces, which restart at 0 in every blob, never repeat under one key.
/// <para>
/// The ordinal must name one blob only, ever: sealing two different blobs under the same data key
/// and ordinal reuses GCM nonces, which exposes both plaintexts and lets tags be forged. A part
/// number is not enough where a part may be uploaded again under the same number.
/// </para>
/// </summary>
public static class BlobKeys
{
    public const int KeySize = SealedFormat.KeySize;

    // Versioned, so that a later format derives unrelated keys from the same data key.
    private static ReadOnlySpan<byte> Label => "coffer sealed segments v1 blob key"u8;

    /// <summary>A fresh random data key.</summary>
    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(KeySize);

    /// <summary>Writes the key of blob <paramref name="ordinal"/> of <paramref name="dataKey"/> to <paramref name="blobKey"/> (32 bytes).</summary>
    public static void DeriveBlobKey(ReadOnlySpan<byte> dataKey, ulong ordinal, Span<byte> blobKey)
    {
        if (dataKey.Length != KeySize)
        {
            throw new ArgumentException($"A data key is {KeySize} bytes.", nameof(dataKey));
        }

        if (blobKey.Length != KeySize)
        {
            throw new ArgumentException($"A blob key is {KeySize} bytes.", nameof(blobKey));
        }

        Span<byte> info = stackalloc byte[Label.Length + sizeof(ulong)];
        Label.CopyTo(info);
        BinaryPrimitives.WriteUInt64BigEndian(info[Label.Length..], ordinal);

        // No salt: the data key is already uniformly random, which is what HKDF's extract step is for.
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, blobKey, salt: [], info);
    }

    /// <summary>
    /// An AES-256-GCM instance keyed for blob <paramref name="ordinal"/>. The derived key lives on
    /// the stack only and is wiped once the instance holds it.
    /// </summary>
    internal static AesGcm CreateCipher(ReadOnlySpan<byte> dataKey, ulong ordinal)
    {
        Span<byte> blobKey = stackalloc byte[KeySize];
        try
        {
            DeriveBlobKey(dataKey, ordinal, blobKey);
            return new AesGcm(blobKey, SealedFormat.TagSize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(blobKey);
        }
    }
}
