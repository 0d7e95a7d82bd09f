using System.Data.Common;

namespace Coffer.Engine.Kms;

/// <summary>
/// How every metadata adapter stores the key service's records in its kms_* tables: the columns each SELECT lists (in
/// this order), the stored form of the enums (their names) and the records a row reads into. Times are unix
/// milliseconds. One place, so that SQLite and PostgreSQL cannot drift apart in what a stored value means.
/// </summary>
public static class KmsColumns
{
    public const string Key = "id, description, state, manager, created_at, deletion_date, pending_window_days, rotation_period_days, rotated_at";

    public const string Material = "key_id, version, wrapped, created_at";

    public const string Alias = "name, key_id, created_at, updated_at";

    /// <summary>A key's values in <see cref="Key"/>'s order, nulls as null.</summary>
    public static object?[] KeyValues(KmsKey key) =>
    [
        key.Id,
        key.Description,
        key.State.ToString(),
        key.Manager.ToString(),
        key.Created.ToUnixTimeMilliseconds(),
        key.DeletionDate?.ToUnixTimeMilliseconds(),
        key.PendingWindowDays,
        key.RotationPeriodDays,
        key.RotatedAt.ToUnixTimeMilliseconds(),
    ];

    /// <summary>A row of <see cref="Key"/>'s columns.</summary>
    public static KmsKey ReadKey(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Enum.Parse<KmsKeyState>(reader.GetString(2)),
        Enum.Parse<KmsKeyManager>(reader.GetString(3)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.IsDBNull(6) ? null : reader.GetInt32(6),
        reader.IsDBNull(7) ? null : reader.GetInt32(7),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)));

    /// <summary>A row of <see cref="Material"/>'s columns.</summary>
    public static KmsKeyMaterial ReadMaterial(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt32(1),
        reader.GetFieldValue<byte[]>(2),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));

    /// <summary>A row of <see cref="Alias"/>'s columns.</summary>
    public static KmsAlias ReadAlias(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
}
