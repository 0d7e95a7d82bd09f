using Coffer.Engine.Kms;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

/// <summary><see cref="IKmsStore"/> in the same database, through the same single writer and reader pool.</summary>
public sealed partial class SqliteMetadataStore : IKmsStore
{
    public Task CreateKmsKeyAsync(KmsKey key, KmsKeyMaterial material, CancellationToken cancellationToken) =>
        WriteAsync(
            session =>
            {
                KmsRows.InsertKey(session, key);
                KmsRows.InsertMaterial(session, material);
                return true;
            },
            cancellationToken);

    public Task<KmsKey?> GetKmsKeyAsync(string keyId, CancellationToken cancellationToken) =>
        ReadAsync(session => KmsRows.FindKey(session, keyId), cancellationToken);

    public Task<IReadOnlyList<KmsKey>> ListKmsKeysAsync(string? after, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<KmsKey>>(session => KmsRows.ListKeys(session, after, limit), cancellationToken);

    public Task<bool> UpdateKmsKeyAsync(KmsKey key, CancellationToken cancellationToken) =>
        WriteAsync(session => KmsRows.UpdateKey(session, key), static done => done, cancellationToken);

    public Task<bool> RotateKmsKeyAsync(KmsKey rotated, KmsKeyMaterial material, CancellationToken cancellationToken) =>
        WriteAsync(
            session => KmsRows.FindKey(session, rotated.Id) is not null
                && KmsRows.InsertMaterial(session, material)
                && KmsRows.UpdateKey(session, rotated),
            static done => done,
            cancellationToken);

    public Task<IReadOnlyList<KmsKeyMaterial>> GetKmsKeyMaterialAsync(string keyId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<KmsKeyMaterial>>(session => KmsRows.MaterialOf(session, keyId), cancellationToken);

    public Task DeleteKmsKeyAsync(string keyId, CancellationToken cancellationToken) =>
        WriteAsync(
            session =>
            {
                KmsRows.DeleteKey(session, keyId);
                return true;
            },
            cancellationToken);

    public Task<bool> CreateKmsAliasAsync(KmsAlias alias, CancellationToken cancellationToken) =>
        WriteAsync(
            session => KmsRows.FindKey(session, alias.KeyId) is not null && KmsRows.InsertAlias(session, alias),
            static done => done,
            cancellationToken);

    public Task<KmsAlias?> GetKmsAliasAsync(string aliasName, CancellationToken cancellationToken) =>
        ReadAsync(session => KmsRows.FindAlias(session, aliasName), cancellationToken);

    public Task<IReadOnlyList<KmsAlias>> ListKmsAliasesAsync(string? keyId, string? after, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<KmsAlias>>(session => KmsRows.ListAliases(session, keyId, after, limit), cancellationToken);

    public Task<bool> UpdateKmsAliasAsync(string aliasName, string keyId, DateTimeOffset updated, CancellationToken cancellationToken) =>
        WriteAsync(
            session => KmsRows.FindKey(session, keyId) is not null && KmsRows.UpdateAlias(session, aliasName, keyId, updated),
            static done => done,
            cancellationToken);

    public Task<bool> DeleteKmsAliasAsync(string aliasName, CancellationToken cancellationToken) =>
        WriteAsync(session => KmsRows.DeleteAlias(session, aliasName), static done => done, cancellationToken);
}
