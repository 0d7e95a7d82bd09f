using System.Security.Cryptography;
using System.Text;

namespace Coffer.Engine.Identity;

/// <summary>
/// Seals secret access keys for storage with AES-256-GCM under a key kept outside the database
/// (in the data directory, readable by its owner only), so a copy of the database alone reveals
/// no secret. The access key id is bound in as associated data: a sealed secret moved to another
/// key's row does not open.
/// </summary>
public sealed class SecretBox : IDisposable
{
    public const int KeySize = 32;

    private const int NonceSize = 12;

    private const int TagSize = 16;

    /// <summary>
    /// One AesGcm per thread: an AesGcm instance must not be used by two threads at once (under
    /// load, shared use failed with tag mismatches on secrets that were intact), and making one
    /// per call would set up the cipher context on every signed request.
    /// </summary>
    private readonly ThreadLocal<AesGcm> _aes;

    public SecretBox(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The sealing key must be {KeySize} bytes.", nameof(key));
        }

        var copy = key.ToArray();
        _aes = new ThreadLocal<AesGcm>(() => new AesGcm(copy, TagSize), trackAllValues: true);
    }

    /// <summary>nonce ‖ tag ‖ ciphertext, with a fresh random nonce each time.</summary>
    public byte[] Seal(string secret, string accessKeyId)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _aes.Value!.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(accessKeyId));
        CryptographicOperations.ZeroMemory(plaintext);
        return sealedBytes;
    }

    /// <exception cref="CryptographicException">The bytes were not sealed by this key for this access key id, or were altered.</exception>
    public string Open(ReadOnlySpan<byte> sealedBytes, string accessKeyId)
    {
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The sealed secret is too short.");
        }

        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        _aes.Value!.Decrypt(
            sealedBytes[..NonceSize], sealedBytes[(NonceSize + TagSize)..], sealedBytes.Slice(NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(accessKeyId));
        return Encoding.UTF8.GetString(plaintext);
    }

    public void Dispose()
    {
        foreach (var aes in _aes.Values)
        {
            aes.Dispose();
        }

        _aes.Dispose();
    }
}
