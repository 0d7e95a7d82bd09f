using Coffer.Engine.Kms;

using Microsoft.Data.Sqlite;

using static Coffer.Engine.Sqlite.RowCommands;

namespace Coffer.Engine.Sqlite;

/// <summary>The SQL for the kms_* tables, and the mapping to the key service's records.</summary>
internal static class KmsRows
{
    private const string KeyColumns = "id, description, state, manager, created_at, deletion_date, pending_window_days, rotation_period_days, rotated_at";

    private const string AliasColumns = "name, key_id, created_at, updated_at";

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
        return ReadAll(command, ReadKey).FirstOrDefault();
    }

    public static List<KmsKey> ListKeys(SqliteSession session, string? after, int limit)
    {
        var command = session.Command($"SELECT {KeyColumns} FROM kms_keys WHERE id > $after ORDER BY id LIMIT $limit;");
        command.Parameters.AddWithValue("$after", after ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        return ReadAll(command, ReadKey);
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
        var command = session.Command("SELECT key_id, version, wrapped, created_at FROM kms_key_material WHERE key_id = $key_id ORDER BY version;");
        command.Parameters.AddWithValue("$key_id", keyId);
        return ReadAll(
            command,
            reader => new KmsKeyMaterial(
                reader.GetString(0),
                reader.GetInt32(1),
                (byte[])reader.GetValue(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
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
        return ReadAll(command, ReadAlias).FirstOrDefault();
    }

    public static List<KmsAlias> ListAliases(SqliteSession session, string? keyId, string? after, int limit)
    {
        var command = session.Command(
            $"SELECT {AliasColumns} FROM kms_aliases WHERE ($key_id IS NULL OR key_id = $key_id) AND name > $after ORDER BY name LIMIT $limit;");
        command.Parameters.AddWithValue("$key_id", (object?)keyId ?? DBNull.Value);
        command.Parameters.AddWithValue("$after", after ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        return ReadAll(command, ReadAlias);
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

    private static (string, object?)[] KeyParameters(KmsKey key) =>
    [
        ("$id", key.Id),
        ("$description", key.Description),
        ("$state", key.State.ToString()),
        ("$manager", key.Manager.ToString()),
        ("$created_at", key.Created.ToUnixTimeMilliseconds()),
        ("$deletion_date", key.DeletionDate?.ToUnixTimeMilliseconds()),
        ("$pending_window_days", key.PendingWindowDays),
        ("$rotation_period_days", key.RotationPeriodDays),
        ("$rotated_at", key.RotatedAt.ToUnixTimeMilliseconds()),
    ];

    private static KmsKey ReadKey(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Enum.Parse<KmsKeyState>(reader.GetString(2)),
        Enum.Parse<KmsKeyManager>(reader.GetString(3)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.IsDBNull(6) ? null : reader.GetInt32(6),
        reader.IsDBNull(7) ? null : reader.GetInt32(7),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)));

    private static KmsAlias ReadAlias(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
}
