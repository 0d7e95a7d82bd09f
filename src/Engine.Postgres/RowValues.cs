using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>Reading nullable columns, and times kept as unix milliseconds (bigint), as both stores keep them.</summary>
internal static class RowValues
{
    public static string? TextOrNull(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? Int64OrNull(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static int? Int32OrNull(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static byte[]? BytesOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);

    public static DateTimeOffset Time(this NpgsqlDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? TimeOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static long Millis(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>The stored 64 bits of an unsigned CRC, in bigint's signed range (same bits).</summary>
    public static long? AsStored(this ulong? crc) => crc is { } value ? unchecked((long)value) : null;

    public static ulong? Crc64OrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : unchecked((ulong)reader.GetInt64(ordinal));

    /// <summary>A random positive 63-bit row id: never a sequence, which would make every insert of a distributed database land on one range.</summary>
    public static long NewRowId() => Random.Shared.NextInt64(1, long.MaxValue);
}
