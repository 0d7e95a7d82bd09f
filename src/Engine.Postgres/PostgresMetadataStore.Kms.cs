using Coffer.Engine.Kms;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Postgres;

/// <summary>
/// <see cref="IKmsStore"/> in the shared database. A change that finds what it depends on missing or taken returns
/// false before it changes anything, so that the transaction it commits holds no half of a change.
/// </summary>
public sealed partial class PostgresMetadataStore : IKmsStore
{
    public Task CreateKmsKeyAsync(KmsKey key, KmsKeyMaterial material, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session =>
            {
                await KmsRows.InsertKeyAsync(session, key, cancellationToken);
                return await KmsRows.InsertMaterialAsync(session, material, cancellationToken);
            },
            cancellationToken);

    public Task<KmsKey?> GetKmsKeyAsync(string keyId, CancellationToken cancellationToken) =>
        KmsRows.FindKeyAsync(Pooled, keyId, cancellationToken);

    public async Task<IReadOnlyList<KmsKey>> ListKmsKeysAsync(string? after, int limit, CancellationToken cancellationToken) =>
        await KmsRows.ListKeysAsync(Pooled, after, limit, cancellationToken);

    public Task<bool> UpdateKmsKeyAsync(KmsKey key, CancellationToken cancellationToken) =>
        ChangeAsync(session => KmsRows.UpdateKeyAsync(session, key, cancellationToken), cancellationToken);

    public Task<bool> RotateKmsKeyAsync(KmsKey rotated, KmsKeyMaterial material, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session =>
            {
                // The key first: the material is inserted only for a key that is there, and when that version exists
                // already nothing was inserted, so refusing then leaves the key as it was too.
                if (await KmsRows.FindKeyAsync(session, rotated.Id, cancellationToken) is null
                    || !await KmsRows.InsertMaterialAsync(session, material, cancellationToken))
                {
                    return false;
                }

                return await KmsRows.UpdateKeyAsync(session, rotated, cancellationToken);
            },
            cancellationToken);

    public async Task<IReadOnlyList<KmsKeyMaterial>> GetKmsKeyMaterialAsync(string keyId, CancellationToken cancellationToken) =>
        await KmsRows.MaterialOfAsync(Pooled, keyId, cancellationToken);

    public Task DeleteKmsKeyAsync(string keyId, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session =>
            {
                await KmsRows.DeleteKeyAsync(session, keyId, cancellationToken);
                return true;
            },
            cancellationToken);

    public Task<bool> CreateKmsAliasAsync(KmsAlias alias, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session => await KmsRows.FindKeyAsync(session, alias.KeyId, cancellationToken) is not null
                && await KmsRows.InsertAliasAsync(session, alias, cancellationToken),
            cancellationToken);

    public Task<KmsAlias?> GetKmsAliasAsync(string aliasName, CancellationToken cancellationToken) =>
        KmsRows.FindAliasAsync(Pooled, aliasName, cancellationToken);

    public async Task<IReadOnlyList<KmsAlias>> ListKmsAliasesAsync(string? keyId, string? after, int limit, CancellationToken cancellationToken) =>
        await KmsRows.ListAliasesAsync(Pooled, keyId, after, limit, cancellationToken);

    public Task<bool> UpdateKmsAliasAsync(string aliasName, string keyId, DateTimeOffset updated, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session => await KmsRows.FindKeyAsync(session, keyId, cancellationToken) is not null
                && await KmsRows.UpdateAliasAsync(session, aliasName, keyId, updated, cancellationToken),
            cancellationToken);

    public Task<bool> DeleteKmsAliasAsync(string aliasName, CancellationToken cancellationToken) =>
        ChangeAsync(session => KmsRows.DeleteAliasAsync(session, aliasName, cancellationToken), cancellationToken);
}
