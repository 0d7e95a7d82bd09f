using Coffer.Engine.Model;
using Coffer.Engine.Ports;

using Microsoft.Data.Sqlite;

using static Coffer.Engine.Sqlite.RowCommands;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// The SQL for the columns that hold wrapped keys: <c>version_blobs.sealed_key</c>, <c>upload_parts.sealed_key</c> and
/// <c>kms_key_material.wrapped</c>, walked in that order, each by its primary key.
/// </summary>
internal static class WrappedKeyRows
{
    public static long Count(SqliteSession session)
    {
        var command = session.Command(
            "SELECT (SELECT count(*) FROM version_blobs WHERE sealed_key IS NOT NULL) " +
            "+ (SELECT count(*) FROM upload_parts WHERE sealed_key IS NOT NULL) + (SELECT count(*) FROM kms_key_material);");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Up to <paramref name="limit"/> keys after <paramref name="after"/>, going on to the next table where one runs out.</summary>
    public static List<StoredWrappedKey> Page(SqliteSession session, WrappedKeyPosition after, int limit)
    {
        var page = new List<StoredWrappedKey>();
        foreach (var holder in (WrappedKeyHolder[])[WrappedKeyHolder.VersionSegment, WrappedKeyHolder.UploadPart, WrappedKeyHolder.KmsKeyMaterial])
        {
            if (holder < after.Holder || page.Count == limit)
            {
                continue;
            }

            var from = holder == after.Holder ? after : Start(holder);
            page.AddRange(holder == WrappedKeyHolder.KmsKeyMaterial ? Material(session, from, limit - page.Count) : Sealed(session, from, limit - page.Count));
        }

        return page;
    }

    /// <summary>Before the first row of <paramref name="holder"/>'s table.</summary>
    public static WrappedKeyPosition Start(WrappedKeyHolder holder) => new(holder, long.MinValue, long.MinValue, "");

    /// <returns>Whether the row still held the expected key, and now holds the replacement.</returns>
    public static bool Replace(SqliteSession session, WrappedKeyReplacement replacement)
    {
        var sql = replacement.Position.Holder switch
        {
            WrappedKeyHolder.VersionSegment =>
                "UPDATE version_blobs SET sealed_key = $replacement WHERE version_row = $row AND seq = $seq AND sealed_key = $expected;",
            WrappedKeyHolder.UploadPart =>
                "UPDATE upload_parts SET sealed_key = $replacement WHERE upload_row = $row AND part_number = $seq AND sealed_key = $expected;",
            _ => "UPDATE kms_key_material SET wrapped = $replacement WHERE key_id = $name AND version = $seq AND wrapped = $expected;",
        };
        return Execute(
            session,
            sql,
            ("$replacement", replacement.Replacement),
            ("$expected", replacement.Expected),
            ("$row", replacement.Position.Row),
            ("$seq", replacement.Position.Sequence),
            ("$name", replacement.Position.Name)) == 1;
    }

    // Row values compare as tuples, so (row, seq) > ($row, $seq) is a range seek on the primary key.
    private static List<StoredWrappedKey> Sealed(SqliteSession session, WrappedKeyPosition after, int limit)
    {
        // A segment copied from another blob (sealed_as) has its key wrapped for the blob it was sealed as.
        var (table, row, seq, sealingId) = after.Holder == WrappedKeyHolder.VersionSegment
            ? ("version_blobs", "version_row", "seq", "coalesce(sealed_as, blob_id)")
            : ("upload_parts", "upload_row", "part_number", "blob_id");
        var command = session.Command(
            $"SELECT {row}, {seq}, {sealingId}, sealed_key FROM {table} " +
            $"WHERE sealed_key IS NOT NULL AND ({row}, {seq}) > ($row, $seq) ORDER BY {row}, {seq} LIMIT $limit;");
        Bind(command, after, limit);
        return ReadAll(command, reader => new StoredWrappedKey(
            new WrappedKeyPosition(after.Holder, reader.GetInt64(0), reader.GetInt64(1), ""),
            reader.GetFieldValue<byte[]>(3))
        {
            Blob = new BlobId(reader.GetString(2)),
        });
    }

    private static List<StoredWrappedKey> Material(SqliteSession session, WrappedKeyPosition after, int limit)
    {
        var command = session.Command(
            "SELECT key_id, version, wrapped FROM kms_key_material WHERE (key_id, version) > ($name, $seq) ORDER BY key_id, version LIMIT $limit;");
        Bind(command, after, limit);
        return ReadAll(command, reader => new StoredWrappedKey(
            new WrappedKeyPosition(WrappedKeyHolder.KmsKeyMaterial, 0, reader.GetInt64(1), reader.GetString(0)),
            reader.GetFieldValue<byte[]>(2))
        {
            KmsKeyId = reader.GetString(0),
            KmsKeyVersion = reader.GetInt32(1),
        });
    }

    private static void Bind(SqliteCommand command, WrappedKeyPosition after, int limit)
    {
        command.Parameters.AddWithValue("$row", after.Row);
        command.Parameters.AddWithValue("$seq", after.Sequence);
        command.Parameters.AddWithValue("$name", after.Name);
        command.Parameters.AddWithValue("$limit", limit);
    }
}
