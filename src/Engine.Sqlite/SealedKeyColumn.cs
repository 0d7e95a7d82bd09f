using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>A sealed blob's wrapped data key in the column <c>sealed_key</c> (schema step 10); NULL for a plaintext blob.</summary>
internal static class SealedKeyColumn
{
    /// <summary>Binds <c>$sealed_key</c>.</summary>
    public static void Bind(SqliteParameterCollection parameters, byte[]? sealedKey) =>
        parameters.AddWithValue("$sealed_key", (object?)sealedKey ?? DBNull.Value);

    public static byte[]? Read(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);
}
