using System.Security.Cryptography;

using Coffer.Engine.Encryption;

namespace Coffer.Engine.Kms;

/// <summary>
/// Data keys, Encrypt, Decrypt and ReEncrypt. A ciphertext is sealed by one version of a key's material in
/// <see cref="DataKeyWrapper"/>'s form, whose readable key id (<c>kms:KEY-ID:VERSION</c>) says which key and version
/// opens it; the encryption context is bound into it.
/// </summary>
public sealed partial class KeyService
{
    public const int MaxDataKeyBytes = 1024;

    private const string CiphertextPrefix = "kms:";

    /// <summary>What GenerateDataKey answers: the data key sealed, and (unless asked without) in plaintext.</summary>
    public sealed record DataKey(KmsKey Key, byte[] Ciphertext, byte[]? Plaintext);

    /// <param name="byteCount">The data key's length: from KeySpec (AES_256: 32, AES_128: 16) or NumberOfBytes.</param>
    public async Task<DataKey> GenerateDataKeyAsync(
        string? keyId, int byteCount, IReadOnlyDictionary<string, string>? context, bool withPlaintext, CancellationToken cancellationToken)
    {
        if (byteCount is < 1 or > MaxDataKeyBytes)
        {
            throw Invalid($"Value at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and {MaxDataKeyBytes}");
        }

        var plaintext = RandomNumberGenerator.GetBytes(byteCount);
        var (key, ciphertext) = await EncryptAsync(keyId, plaintext, context, cancellationToken);
        if (!withPlaintext)
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return new DataKey(key, ciphertext, withPlaintext ? plaintext : null);
    }

    public async Task<(KmsKey Key, byte[] Ciphertext)> EncryptAsync(
        string? keyId, ReadOnlyMemory<byte> plaintext, IReadOnlyDictionary<string, string>? context, CancellationToken cancellationToken)
    {
        if (plaintext.Length is < 1 or > DataKeyWrapper.MaxSealedPlaintext)
        {
            throw Invalid($"Value at 'plaintext' failed to satisfy constraint: Member must have length between 1 and {DataKeyWrapper.MaxSealedPlaintext}");
        }

        var key = Usable(await FindAsync(KeyReference.Parse(keyId, arns, allowAlias: true), cancellationToken));
        key = await RotateIfDueAsync(key, cancellationToken);
        var materials = await store.GetKmsKeyMaterialAsync(key.Id, cancellationToken);
        using var wrapper = WrapperFor(materials[^1]);
        return (key, wrapper.Seal(plaintext.Span, CiphertextContext(context)));
    }

    /// <param name="keyId">When given, the key the ciphertext must be of (else IncorrectKeyException).</param>
    /// <returns>The key that made the ciphertext, and the plaintext, which the caller wipes when done.</returns>
    public async Task<(KmsKey Key, byte[] Plaintext)> DecryptAsync(
        ReadOnlyMemory<byte> ciphertext, IReadOnlyDictionary<string, string>? context, string? keyId, CancellationToken cancellationToken)
    {
        var (ownerId, version) = ReadOwner(ciphertext.Span);
        if (keyId is not null)
        {
            var named = await FindAsync(KeyReference.Parse(keyId, arns, allowAlias: true), cancellationToken);
            if (named.Id != ownerId)
            {
                throw new KeyServiceException(
                    KeyServiceError.IncorrectKey,
                    "The key ID in the request does not identify a CMK that can perform this operation.");
            }
        }

        var key = Usable(await FindAsync(new KeyReference(ownerId, null) { Text = arns.Key(ownerId) }, cancellationToken));
        var material = (await store.GetKmsKeyMaterialAsync(key.Id, cancellationToken)).FirstOrDefault(m => m.Version == version)
            ?? throw InvalidCiphertext();
        using var wrapper = WrapperFor(material);
        try
        {
            return (key, wrapper.Open(ciphertext.Span, CiphertextContext(context)));
        }
        catch (KeyUnwrapException)
        {
            throw InvalidCiphertext();
        }
    }

    /// <summary>Decrypts under the source key and context, encrypts under the destination's, never showing the plaintext.</summary>
    public async Task<(KmsKey Source, KmsKey Destination, byte[] Ciphertext)> ReEncryptAsync(
        ReadOnlyMemory<byte> ciphertext,
        IReadOnlyDictionary<string, string>? sourceContext,
        string? sourceKeyId,
        string? destinationKeyId,
        IReadOnlyDictionary<string, string>? destinationContext,
        CancellationToken cancellationToken)
    {
        var (source, plaintext) = await DecryptAsync(ciphertext, sourceContext, sourceKeyId, cancellationToken);
        try
        {
            var (destination, sealedAgain) = await EncryptAsync(destinationKeyId, plaintext, destinationContext, cancellationToken);
            return (source, destination, sealedAgain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>A key due for automatic rotation gets new material now, when it is next used to encrypt.</summary>
    private async Task<KmsKey> RotateIfDueAsync(KmsKey key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (key.NextRotation is not { } due || due > now)
        {
            return key;
        }

        var newest = (await store.GetKmsKeyMaterialAsync(key.Id, cancellationToken))[^1].Version;
        var rotated = key with { RotatedAt = now };

        // A concurrent rotation may have added the same version first; then this one's material is not kept and the
        // newest stored material is used, which is as new.
        await store.RotateKmsKeyAsync(rotated, NewMaterial(key.Id, newest + 1, now), cancellationToken);
        return rotated;
    }

    /// <summary>Refuses a key that cannot encrypt or decrypt now: disabled, or pending deletion.</summary>
    public void RequireUsable(KmsKey key) => Usable(key);

    private KmsKey Usable(KmsKey key) => key.State switch
    {
        KmsKeyState.Disabled => throw new KeyServiceException(KeyServiceError.Disabled, $"{arns.Key(key.Id)} is disabled."),
        KmsKeyState.PendingDeletion => throw InvalidState(key, "is pending deletion"),
        _ => key,
    };

    private DataKeyWrapper WrapperFor(KmsKeyMaterial material)
    {
        var bytes = masterKeys.Unwrap(material.Wrapped, MaterialContext(material.KeyId, material.Version));
        try
        {
            return new DataKeyWrapper($"{CiphertextPrefix}{material.KeyId}:{material.Version}", bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Whether these bytes are a ciphertext of the key service (rather than, say, a key wrapped by the master key).</summary>
    public static bool IsCiphertext(ReadOnlySpan<byte> wrapped)
    {
        try
        {
            return DataKeyWrapper.ReadKeyId(wrapped).StartsWith(CiphertextPrefix, StringComparison.Ordinal);
        }
        catch (KeyUnwrapException)
        {
            return false;
        }
    }

    /// <summary>The id of the key that made a ciphertext, read without decrypting it: what Decrypt is authorized against.</summary>
    /// <exception cref="KeyServiceException">InvalidCiphertext: not a ciphertext of this service.</exception>
    public static string OwnerOf(ReadOnlySpan<byte> ciphertext) => ReadOwner(ciphertext).KeyId;

    private static (string KeyId, int Version) ReadOwner(ReadOnlySpan<byte> ciphertext)
    {
        string id;
        try
        {
            id = DataKeyWrapper.ReadKeyId(ciphertext);
        }
        catch (KeyUnwrapException)
        {
            throw InvalidCiphertext();
        }

        var separator = id.LastIndexOf(':');
        return id.StartsWith(CiphertextPrefix, StringComparison.Ordinal)
            && separator > CiphertextPrefix.Length
            && Guid.TryParseExact(id[CiphertextPrefix.Length..separator], "D", out _)
            && int.TryParse(id.AsSpan(separator + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
                ? (id[CiphertextPrefix.Length..separator], version)
                : throw InvalidCiphertext();
    }

    private static byte[] CiphertextContext(IReadOnlyDictionary<string, string>? context) =>
        [.. "coffer kms ciphertext "u8, .. EncryptionContext.Canonical(context)];

    private static KeyServiceException InvalidCiphertext() => new(KeyServiceError.InvalidCiphertext, "");
}
