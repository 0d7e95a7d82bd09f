using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// A blob's content CRC64NVME in the column <c>content_crc64nvme</c>: an unsigned 64-bit value kept
/// in SQLite's signed INTEGER with the same bits, NULL when the blob predates schema step 8.
/// </summary>
internal static class ContentCrcColumn
{
    /// <summary>Binds <c>$content_crc64nvme</c>.</summary>
    public static void Bind(SqliteParameterCollection parameters, ulong? crc) =>
        parameters.AddWithValue("$content_crc64nvme", crc is { } value ? unchecked((long)value) : DBNull.Value);

    public static ulong? Read(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : unchecked((ulong)reader.GetInt64(ordinal));
}
