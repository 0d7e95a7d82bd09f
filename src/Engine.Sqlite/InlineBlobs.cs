using Coffer.Engine.Model;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// The bytes of blobs kept in the database (small objects), by blob id. References to them live in
/// <c>version_blobs</c> like those to any blob; see <see cref="BlobReferences"/>.
/// </summary>
internal static class InlineBlobs
{
    /// <summary>
    /// Stores <paramref name="content"/> under <paramref name="blob"/>; a blob already stored (a copy
    /// that shares its source's blob) is kept as it is, since blobs are immutable.
    /// </summary>
    public static void Insert(SqliteSession session, BlobId blob, byte[] content)
    {
        var command = session.Command(
            "INSERT INTO inline_blobs (blob_id, content) VALUES ($blob_id, $content) ON CONFLICT (blob_id) DO NOTHING;");
        command.Parameters.AddWithValue("$blob_id", blob.Value);
        command.Parameters.AddWithValue("$content", content);
        command.ExecuteNonQuery();
    }

    /// <summary>Deletes an inline blob; false when <paramref name="blob"/> is not one.</summary>
    public static bool Delete(SqliteSession session, BlobId blob)
    {
        var command = session.Command("DELETE FROM inline_blobs WHERE blob_id = $blob_id;");
        command.Parameters.AddWithValue("$blob_id", blob.Value);
        return command.ExecuteNonQuery() > 0;
    }
}
