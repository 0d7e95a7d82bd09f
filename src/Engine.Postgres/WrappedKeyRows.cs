using System.Data.Common;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Postgres;

/// <summary>
/// The SQL for the columns that hold wrapped keys: <c>version_blobs.sealed_key</c>, <c>upload_parts.sealed_key</c> and
/// <c>kms_key_material.wrapped</c>, walked in that order, each by its primary key.
/// </summary>
internal static class WrappedKeyRows
{
    private static readonly WrappedKeyHolder[] Walk = [WrappedKeyHolder.VersionSegment, WrappedKeyHolder.UploadPart, WrappedKeyHolder.KmsKeyMaterial];

    public static Task<long> CountAsync(PostgresSession session, CancellationToken cancellationToken) =>
        session.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM version_blobs WHERE sealed_key IS NOT NULL) " +
            "+ (SELECT count(*) FROM upload_parts WHERE sealed_key IS NOT NULL) + (SELECT count(*) FROM kms_key_material)",
            [],
            cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> keys after <paramref name="after"/>, going on to the next table where one runs out:
    /// one statement, a branch per table the walk has yet to finish, so that the page is one snapshot.
    /// </summary>
    public static Task<List<StoredWrappedKey>> PageAsync(PostgresSession session, WrappedKeyPosition? after, int limit, CancellationToken cancellationToken)
    {
        var from = after ?? Start(WrappedKeyHolder.VersionSegment);
        var branches = new List<string>();
        var values = new List<object?> { limit };
        foreach (var holder in Walk.Where(holder => holder >= from.Holder))
        {
            var start = holder == from.Holder ? from : Start(holder);
            values.AddRange([start.Row, start.Sequence, start.Name]);
            branches.Add($"({Branch(holder, values.Count - 2)})");
        }

        // Each branch orders and limits itself (an index range seek) and names its columns alike (any may come first);
        // the outer ORDER BY puts the branches in the walk's order: holder first, then the position's fields, each
        // branch filling the ones it does not use with constants.
        return session.ReadAllAsync(
            $"SELECT * FROM ({string.Join(" UNION ALL ", branches)}) AS walk ORDER BY holder, position_row, position_name, position_seq LIMIT $1",
            [.. values],
            ReadKey,
            cancellationToken);
    }

    /// <returns>How many of the replacements found their row still holding the expected key, and replaced it.</returns>
    public static async Task<int> ReplaceAsync(PostgresSession session, IReadOnlyList<WrappedKeyReplacement> replacements, CancellationToken cancellationToken)
    {
        if (replacements.Count == 0)
        {
            return 0;
        }

        // One round trip for the lot: a batch of single-row updates, each of which matches nothing once its row changed.
        return await session.ExecuteBatchAsync(replacements.Select(Update), cancellationToken);
    }

    private static (string Sql, object?[] Values) Update(WrappedKeyReplacement replacement)
    {
        var sql = replacement.Position.Holder switch
        {
            WrappedKeyHolder.VersionSegment =>
                "UPDATE version_blobs SET sealed_key = $1 WHERE version_row = $3 AND seq = $4 AND sealed_key = $2",
            WrappedKeyHolder.UploadPart =>
                "UPDATE upload_parts SET sealed_key = $1 WHERE upload_row = $3 AND part_number = $4 AND sealed_key = $2",
            _ => "UPDATE kms_key_material SET wrapped = $1 WHERE key_id = $5 AND version = $4 AND wrapped = $2",
        };
        return (sql, [replacement.Replacement, replacement.Expected, replacement.Position.Row, replacement.Position.Sequence, replacement.Position.Name]);
    }

    /// <summary>Before the first row of <paramref name="holder"/>'s table.</summary>
    private static WrappedKeyPosition Start(WrappedKeyHolder holder) => new(holder, long.MinValue, long.MinValue, "");

    /// <summary>
    /// One table's rows after the position in parameters <c>$<paramref name="row"/></c> (row), the next (sequence) and
    /// the one after (name), in the columns holder, position_row, position_seq, position_name, blob, wrapped; at most <c>$1</c> of them.
    /// Row values compare as tuples, so (row, seq) > ($row, $seq) is a range seek on the primary key.
    /// </summary>
    private static string Branch(WrappedKeyHolder holder, int row)
    {
        var (seq, name) = (row + 1, row + 2);
        return holder switch
        {
            // A segment copied from another blob (sealed_as) has its key wrapped for the blob it was sealed as.
            WrappedKeyHolder.VersionSegment =>
                $"SELECT 0 AS holder, version_row AS position_row, seq::bigint AS position_seq, '' COLLATE \"C\" AS position_name, coalesce(sealed_as, blob_id) AS blob, sealed_key AS wrapped " +
                $"FROM version_blobs WHERE sealed_key IS NOT NULL AND (version_row, seq) > (${row}, ${seq}) ORDER BY version_row, seq LIMIT $1",
            WrappedKeyHolder.UploadPart =>
                $"SELECT 1 AS holder, upload_row AS position_row, part_number::bigint AS position_seq, '' COLLATE \"C\" AS position_name, blob_id AS blob, sealed_key AS wrapped " +
                $"FROM upload_parts WHERE sealed_key IS NOT NULL AND (upload_row, part_number) > (${row}, ${seq}) ORDER BY upload_row, part_number LIMIT $1",
            _ =>
                $"SELECT 2 AS holder, 0::bigint AS position_row, version::bigint AS position_seq, key_id AS position_name, NULL AS blob, wrapped " +
                $"FROM kms_key_material WHERE (key_id, version) > (${name}::text, ${seq}) ORDER BY key_id, version LIMIT $1",
        };
    }

    private static StoredWrappedKey ReadKey(DbDataReader reader)
    {
        var holder = (WrappedKeyHolder)reader.GetInt32(0);
        var position = new WrappedKeyPosition(holder, reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3));
        var wrapped = reader.GetFieldValue<byte[]>(5);
        return holder == WrappedKeyHolder.KmsKeyMaterial
            ? new StoredWrappedKey(position, wrapped) { KmsKeyId = position.Name, KmsKeyVersion = (int)position.Sequence }
            : new StoredWrappedKey(position, wrapped) { Blob = new BlobId(reader.GetString(4)) };
    }
}
