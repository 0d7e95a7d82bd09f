using Coffer.Engine.Model;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>The SQL for <c>upload_parts</c>, and the mapping to <see cref="PartInfo"/>.</summary>
internal static class PartRows
{
    private const string Columns = "part_number, blob_id, size, etag, last_modified, checksum_algorithm, checksum_value, default_crc64nvme, content_crc64nvme, sealed_key";

    /// <summary>Stores a part, replacing one with the same number; returns the replaced part's blob.</summary>
    public static BlobId? Upsert(SqliteSession session, long uploadRow, PartInfo part)
    {
        var find = session.Command("SELECT blob_id FROM upload_parts WHERE upload_row = $row AND part_number = $part_number;");
        find.Parameters.AddWithValue("$row", uploadRow);
        find.Parameters.AddWithValue("$part_number", part.PartNumber);
        var replaced = find.ExecuteScalar() is string blob ? new BlobId(blob) : (BlobId?)null;

        var command = session.Command(
            $"INSERT INTO upload_parts (upload_row, {Columns}) " +
            "VALUES ($row, $part_number, $blob_id, $size, $etag, $last_modified, $checksum_algorithm, $checksum_value, $default_crc64nvme, $content_crc64nvme, $sealed_key) " +
            "ON CONFLICT (upload_row, part_number) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size, " +
            "etag = excluded.etag, last_modified = excluded.last_modified, " +
            "checksum_algorithm = excluded.checksum_algorithm, checksum_value = excluded.checksum_value, " +
            "default_crc64nvme = excluded.default_crc64nvme, content_crc64nvme = excluded.content_crc64nvme, sealed_key = excluded.sealed_key;");
        var parameters = command.Parameters;
        parameters.AddWithValue("$row", uploadRow);
        parameters.AddWithValue("$part_number", part.PartNumber);
        parameters.AddWithValue("$blob_id", part.Blob.Value);
        parameters.AddWithValue("$size", part.Size);
        parameters.AddWithValue("$etag", part.ETag);
        parameters.AddWithValue("$last_modified", part.LastModified.ToUnixTimeMilliseconds());
        ChecksumColumns.Bind(parameters, part.Checksum);
        parameters.AddWithValue("$default_crc64nvme", (object?)part.DefaultChecksum?.Base64Value ?? DBNull.Value);
        ContentCrcColumn.Bind(parameters, part.ContentCrc64Nvme);
        SealedKeyColumn.Bind(parameters, part.SealedKey);
        command.ExecuteNonQuery();
        return replaced;
    }

    /// <summary>Parts numbered above <paramref name="after"/>, in order: a primary-key range seek.</summary>
    public static List<PartInfo> After(SqliteSession session, long uploadRow, int after, int limit)
    {
        var command = session.Command(
            $"SELECT {Columns} FROM upload_parts WHERE upload_row = $row AND part_number > $after ORDER BY part_number LIMIT $limit;");
        command.Parameters.AddWithValue("$row", uploadRow);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var parts = new List<PartInfo>();
        while (reader.Read())
        {
            parts.Add(Read(reader));
        }

        return parts;
    }

    /// <summary>Every part's number and blob, for completion and abort.</summary>
    public static Dictionary<int, BlobId> Blobs(SqliteSession session, long uploadRow)
    {
        var command = session.Command("SELECT part_number, blob_id FROM upload_parts WHERE upload_row = $row;");
        command.Parameters.AddWithValue("$row", uploadRow);
        using var reader = command.ExecuteReader();
        var blobs = new Dictionary<int, BlobId>();
        while (reader.Read())
        {
            blobs.Add(reader.GetInt32(0), new BlobId(reader.GetString(1)));
        }

        return blobs;
    }

    private static PartInfo Read(SqliteDataReader reader) => new()
    {
        PartNumber = reader.GetInt32(0),
        Blob = new BlobId(reader.GetString(1)),
        Size = reader.GetInt64(2),
        ETag = reader.GetString(3),
        LastModified = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        Checksum = ChecksumColumns.Read(reader, 5),
        DefaultChecksum = reader.IsDBNull(7) ? null : new ObjectChecksum(ChecksumAlgorithm.Crc64Nvme, reader.GetString(7)),
        ContentCrc64Nvme = ContentCrcColumn.Read(reader, 8),
        SealedKey = SealedKeyColumn.Read(reader, 9),
    };
}
