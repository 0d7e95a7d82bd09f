using Coffer.Engine.Model;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// A sealed blob's wrapped data key in the column <c>sealed_key</c> (schema step 10), NULL for a plaintext blob; and, on
/// version_blobs, the id it was sealed as in <c>sealed_as</c> (step 16), NULL unless its bytes were copied from another blob.
/// </summary>
internal static class SealedKeyColumn
{
    /// <summary>Binds <c>$sealed_key</c>.</summary>
    public static void Bind(SqliteParameterCollection parameters, byte[]? sealedKey) =>
        parameters.AddWithValue("$sealed_key", (object?)sealedKey ?? DBNull.Value);

    public static byte[]? Read(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);

    /// <summary>Binds <c>$sealed_as</c>.</summary>
    public static void BindSealedAs(SqliteParameterCollection parameters, BlobId? sealedAs) =>
        parameters.AddWithValue("$sealed_as", (object?)sealedAs?.Value ?? DBNull.Value);

    public static BlobId? ReadSealedAs(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new BlobId(reader.GetString(ordinal));
}
