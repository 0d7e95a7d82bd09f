using Coffer.Engine.Model;
using Coffer.Engine.Storage;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// A checksum as two columns, <c>checksum_algorithm</c> and <c>checksum_value</c>, both NULL when
/// there is none: the shape it has in object_versions, version_blobs and upload_parts alike.
/// </summary>
internal static class ChecksumColumns
{
    /// <summary>Binds <c>$checksum_algorithm</c> and <c>$checksum_value</c>.</summary>
    public static void Bind(SqliteParameterCollection parameters, ObjectChecksum? checksum)
    {
        parameters.AddWithValue("$checksum_algorithm", checksum is null ? DBNull.Value : ChecksumAlgorithmNames.ToStored(checksum.Algorithm));
        parameters.AddWithValue("$checksum_value", (object?)checksum?.Base64Value ?? DBNull.Value);
    }

    /// <summary>The checksum whose algorithm is selected at <paramref name="ordinal"/> and value right after it.</summary>
    public static ObjectChecksum? Read(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal)
            ? null
            : new ObjectChecksum(ChecksumAlgorithmNames.FromStored(reader.GetString(ordinal)), reader.GetString(ordinal + 1));
}
