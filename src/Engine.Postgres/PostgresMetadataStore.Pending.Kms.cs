using Coffer.Engine.Kms;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Postgres;

// Placeholders while the store is built; each is replaced by its implementation, and this file goes when none is left.
public sealed partial class PostgresMetadataStore : IKmsStore
{
    public Task CreateKmsKeyAsync(KmsKey key, KmsKeyMaterial material, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<KmsKey?> GetKmsKeyAsync(string keyId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<KmsKey>> ListKmsKeysAsync(string? after, int limit, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<bool> UpdateKmsKeyAsync(KmsKey key, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<bool> RotateKmsKeyAsync(KmsKey rotated, KmsKeyMaterial material, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<KmsKeyMaterial>> GetKmsKeyMaterialAsync(string keyId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task DeleteKmsKeyAsync(string keyId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<bool> CreateKmsAliasAsync(KmsAlias alias, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<KmsAlias?> GetKmsAliasAsync(string aliasName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<KmsAlias>> ListKmsAliasesAsync(string? keyId, string? after, int limit, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<bool> UpdateKmsAliasAsync(string aliasName, string keyId, DateTimeOffset updated, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<bool> DeleteKmsAliasAsync(string aliasName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
