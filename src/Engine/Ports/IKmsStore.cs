using Coffer.Engine.Kms;

namespace Coffer.Engine.Ports;

/// <summary>
/// The key service's state: keys, their wrapped key material and aliases. The store keeps what the
/// <see cref="KeyService"/> decides; each change is one transaction, and a change that finds what it depends on missing
/// or taken changes nothing and says so.
/// </summary>
public interface IKmsStore
{
    /// <summary>Stores a new key with its first key material.</summary>
    Task CreateKmsKeyAsync(KmsKey key, KmsKeyMaterial material, CancellationToken cancellationToken);

    Task<KmsKey?> GetKmsKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> keys with ids after <paramref name="after"/>, ordered by id.</summary>
    Task<IReadOnlyList<KmsKey>> ListKmsKeysAsync(string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Replaces a key's state, description, deletion and rotation fields; false when it does not exist.</summary>
    Task<bool> UpdateKmsKeyAsync(KmsKey key, CancellationToken cancellationToken);

    /// <summary>Adds a rotation's material and records the rotation on the key, together; false (and nothing changed) when the key is gone or that version exists.</summary>
    Task<bool> RotateKmsKeyAsync(KmsKey rotated, KmsKeyMaterial material, CancellationToken cancellationToken);

    /// <summary>Every version of a key's material, oldest first.</summary>
    Task<IReadOnlyList<KmsKeyMaterial>> GetKmsKeyMaterialAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Removes a key, its material and the aliases that name it: the end of its waiting period.</summary>
    Task DeleteKmsKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>False when an alias of that name exists, or the key does not.</summary>
    Task<bool> CreateKmsAliasAsync(KmsAlias alias, CancellationToken cancellationToken);

    Task<KmsAlias?> GetKmsAliasAsync(string aliasName, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> aliases named after <paramref name="after"/>, of one key or of all, ordered by name.</summary>
    Task<IReadOnlyList<KmsAlias>> ListKmsAliasesAsync(string? keyId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Points an existing alias at another key; false when either is missing.</summary>
    Task<bool> UpdateKmsAliasAsync(string aliasName, string keyId, DateTimeOffset updated, CancellationToken cancellationToken);

    /// <summary>False when there was no such alias.</summary>
    Task<bool> DeleteKmsAliasAsync(string aliasName, CancellationToken cancellationToken);
}
