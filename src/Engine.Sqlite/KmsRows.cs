using Coffer.Engine.Kms;

using static Coffer.Engine.Sqlite.RowCommands;

namespace Coffer.Engine.Sqlite;

/// <summary>The SQL for the kms_* tables; <see cref="KmsColumns"/> maps their rows.</summary>
internal static class KmsRows
{
    private const string KeyColumns = KmsColumns.Key;

    private const string AliasColumns = KmsColumns.Alias;

    // ---- Keys

    public static void InsertKey(SqliteSession session, KmsKey key) =>
        Execute(
            session,
            $"INSERT INTO kms_keys ({KeyColumns}) VALUES ($id, $description, $state, $manager, $created_at, $deletion_date, $pending_window_days, $rotation_period_days, $rotated_at);",
            KeyParameters(key));

    /// <returns>Whether the key existed.</returns>
    public static bool UpdateKey(SqliteSession session, KmsKey key) =>
        Execute(
            session,
            "UPDATE kms_keys SET description = $description, state = $state, manager = $manager, created_at = $created_at, " +
            "deletion_date = $deletion_date, pending_window_days = $pending_window_days, rotation_period_days = $rotation_period_days, " +
            "rotated_at = $rotated_at WHERE id = $id;",
            KeyParameters(key)) == 1;

    public static KmsKey? FindKey(SqliteSession session, string id)
    {
        var command = session.Command($"SELECT {KeyColumns} FROM kms_keys WHERE id = $id;");
        command.Parameters.AddWithValue("$id", id);
        return ReadAll(command, KmsColumns.ReadKey).FirstOrDefault();
    }

    public static List<KmsKey> ListKeys(SqliteSession session, string? after, int limit)
    {
        var command = session.Command($"SELECT {KeyColumns} FROM kms_keys WHERE id > $after ORDER BY id LIMIT $limit;");
        command.Parameters.AddWithValue("$after", after ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        return ReadAll(command, KmsColumns.ReadKey);
    }

    /// <summary>The key, its material and its aliases.</summary>
    public static void DeleteKey(SqliteSession session, string id)
    {
        Execute(session, "DELETE FROM kms_aliases WHERE key_id = $id;", ("$id", id));
        Execute(session, "DELETE FROM kms_key_material WHERE key_id = $id;", ("$id", id));
        Execute(session, "DELETE FROM kms_keys WHERE id = $id;", ("$id", id));
    }

    // ---- Key material

    /// <returns>False when that version of the key's material exists already.</returns>
    public static bool InsertMaterial(SqliteSession session, KmsKeyMaterial material) =>
        Execute(
            session,
            "INSERT OR IGNORE INTO kms_key_material (key_id, version, wrapped, created_at) VALUES ($key_id, $version, $wrapped, $created_at);",
            ("$key_id", material.KeyId),
            ("$version", material.Version),
            ("$wrapped", material.Wrapped),
            ("$created_at", material.Created.ToUnixTimeMilliseconds())) == 1;

    public static List<KmsKeyMaterial> MaterialOf(SqliteSession session, string keyId)
    {
        var command = session.Command($"SELECT {KmsColumns.Material} FROM kms_key_material WHERE key_id = $key_id ORDER BY version;");
        command.Parameters.AddWithValue("$key_id", keyId);
        return ReadAll(command, KmsColumns.ReadMaterial);
    }

    // ---- Aliases

    /// <returns>False when an alias of that name exists.</returns>
    public static bool InsertAlias(SqliteSession session, KmsAlias alias) =>
        Execute(
            session,
            $"INSERT OR IGNORE INTO kms_aliases ({AliasColumns}) VALUES ($name, $key_id, $created_at, $updated_at);",
            ("$name", alias.Name),
            ("$key_id", alias.KeyId),
            ("$created_at", alias.Created.ToUnixTimeMilliseconds()),
            ("$updated_at", alias.Updated.ToUnixTimeMilliseconds())) == 1;

    public static KmsAlias? FindAlias(SqliteSession session, string name)
    {
        var command = session.Command($"SELECT {AliasColumns} FROM kms_aliases WHERE name = $name;");
        command.Parameters.AddWithValue("$name", name);
        return ReadAll(command, KmsColumns.ReadAlias).FirstOrDefault();
    }

    public static List<KmsAlias> ListAliases(SqliteSession session, string? keyId, string? after, int limit)
    {
        var command = session.Command(
            $"SELECT {AliasColumns} FROM kms_aliases WHERE ($key_id IS NULL OR key_id = $key_id) AND name > $after ORDER BY name LIMIT $limit;");
        command.Parameters.AddWithValue("$key_id", (object?)keyId ?? DBNull.Value);
        command.Parameters.AddWithValue("$after", after ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        return ReadAll(command, KmsColumns.ReadAlias);
    }

    public static bool UpdateAlias(SqliteSession session, string name, string keyId, DateTimeOffset updated) =>
        Execute(
            session,
            "UPDATE kms_aliases SET key_id = $key_id, updated_at = $updated_at WHERE name = $name;",
            ("$name", name),
            ("$key_id", keyId),
            ("$updated_at", updated.ToUnixTimeMilliseconds())) == 1;

    public static bool DeleteAlias(SqliteSession session, string name) =>
        Execute(session, "DELETE FROM kms_aliases WHERE name = $name;", ("$name", name)) == 1;

    // Each parameter is named for its column.
    private static (string, object?)[] KeyParameters(KmsKey key) =>
        [.. KeyColumns.Split(", ").Zip(KmsColumns.KeyValues(key), static (column, value) => ("$" + column, value))];
}
