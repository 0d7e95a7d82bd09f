using Coffer.Engine.Kms;

namespace Coffer.Engine.Postgres;

/// <summary>The SQL for the kms_* tables; <see cref="KmsColumns"/> maps their rows. Ids and alias names order as bytes (COLLATE "C").</summary>
internal static class KmsRows
{
    // ---- Keys

    public static Task<int> InsertKeyAsync(PostgresSession session, KmsKey key, CancellationToken cancellationToken) =>
        session.ExecuteAsync($"INSERT INTO kms_keys ({KmsColumns.Key}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", KmsColumns.KeyValues(key), cancellationToken);

    /// <returns>Whether the key existed.</returns>
    public static async Task<bool> UpdateKeyAsync(PostgresSession session, KmsKey key, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            "UPDATE kms_keys SET description = $2, state = $3, manager = $4, created_at = $5, deletion_date = $6, " +
            "pending_window_days = $7, rotation_period_days = $8, rotated_at = $9 WHERE id = $1",
            KmsColumns.KeyValues(key),
            cancellationToken) == 1;

    public static Task<KmsKey?> FindKeyAsync(PostgresSession session, string id, CancellationToken cancellationToken) =>
        session.ReadFirstAsync($"SELECT {KmsColumns.Key} FROM kms_keys WHERE id = $1", [id], KmsColumns.ReadKey, cancellationToken);

    public static Task<List<KmsKey>> ListKeysAsync(PostgresSession session, string? after, int limit, CancellationToken cancellationToken) =>
        session.ReadAllAsync(
            $"SELECT {KmsColumns.Key} FROM kms_keys WHERE id > $1 ORDER BY id LIMIT $2", [after ?? "", limit], KmsColumns.ReadKey, cancellationToken);

    /// <summary>The key, its material and its aliases; in a transaction.</summary>
    public static async Task DeleteKeyAsync(PostgresSession session, string id, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync("DELETE FROM kms_aliases WHERE key_id = $1", [id], cancellationToken);
        await session.ExecuteAsync("DELETE FROM kms_key_material WHERE key_id = $1", [id], cancellationToken);
        await session.ExecuteAsync("DELETE FROM kms_keys WHERE id = $1", [id], cancellationToken);
    }

    // ---- Key material

    /// <returns>False when that version of the key's material exists already.</returns>
    public static async Task<bool> InsertMaterialAsync(PostgresSession session, KmsKeyMaterial material, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            $"INSERT INTO kms_key_material ({KmsColumns.Material}) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            [material.KeyId, material.Version, material.Wrapped, material.Created.ToUnixTimeMilliseconds()],
            cancellationToken) == 1;

    public static Task<List<KmsKeyMaterial>> MaterialOfAsync(PostgresSession session, string keyId, CancellationToken cancellationToken) =>
        session.ReadAllAsync(
            $"SELECT {KmsColumns.Material} FROM kms_key_material WHERE key_id = $1 ORDER BY version", [keyId], KmsColumns.ReadMaterial, cancellationToken);

    // ---- Aliases

    /// <returns>False when an alias of that name exists.</returns>
    public static async Task<bool> InsertAliasAsync(PostgresSession session, KmsAlias alias, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            $"INSERT INTO kms_aliases ({KmsColumns.Alias}) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            [alias.Name, alias.KeyId, alias.Created.ToUnixTimeMilliseconds(), alias.Updated.ToUnixTimeMilliseconds()],
            cancellationToken) == 1;

    public static Task<KmsAlias?> FindAliasAsync(PostgresSession session, string name, CancellationToken cancellationToken) =>
        session.ReadFirstAsync($"SELECT {KmsColumns.Alias} FROM kms_aliases WHERE name = $1", [name], KmsColumns.ReadAlias, cancellationToken);

    public static Task<List<KmsAlias>> ListAliasesAsync(PostgresSession session, string? keyId, string? after, int limit, CancellationToken cancellationToken) =>
        session.ReadAllAsync(
            $"SELECT {KmsColumns.Alias} FROM kms_aliases WHERE ($1::text IS NULL OR key_id = $1) AND name > $2 ORDER BY name LIMIT $3",
            [keyId, after ?? "", limit],
            KmsColumns.ReadAlias,
            cancellationToken);

    public static async Task<bool> UpdateAliasAsync(PostgresSession session, string name, string keyId, DateTimeOffset updated, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            "UPDATE kms_aliases SET key_id = $2, updated_at = $3 WHERE name = $1", [name, keyId, updated.ToUnixTimeMilliseconds()], cancellationToken) == 1;

    public static async Task<bool> DeleteAliasAsync(PostgresSession session, string name, CancellationToken cancellationToken) =>
        await session.ExecuteAsync("DELETE FROM kms_aliases WHERE name = $1", [name], cancellationToken) == 1;
}
