using Coffer.Engine.Model;
using Coffer.Engine.Storage;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>The SQL for <c>uploads</c>, and the mapping to <see cref="UploadInfo"/>.</summary>
internal static class UploadRows
{
    /// <summary>What every read of an upload selects, in the order <see cref="Read"/> expects.</summary>
    public const string Columns =
        "id, bucket, key, upload_id, initiated, storage_class, headers, checksum_algorithm, checksum_type, owner, acl, " + AttributeColumns.Names;

    public static void Insert(SqliteSession session, UploadInfo upload)
    {
        var command = session.Command(
            "INSERT INTO uploads (bucket, key, upload_id, initiated, storage_class, headers, checksum_algorithm, checksum_type, owner, acl, " + AttributeColumns.Names + ") " +
            "VALUES ($bucket, $key, $upload_id, $initiated, $storage_class, $headers, $checksum_algorithm, $checksum_type, $owner, $acl, " +
            AttributeColumns.Parameters + ");");
        var parameters = command.Parameters;
        parameters.AddWithValue("$bucket", upload.Bucket);
        parameters.AddWithValue("$key", KeyBytes.Encode(upload.Key));
        parameters.AddWithValue("$upload_id", upload.UploadId);
        parameters.AddWithValue("$initiated", upload.Initiated.ToUnixTimeMilliseconds());
        parameters.AddWithValue("$storage_class", upload.Attributes.StorageClass);
        parameters.AddWithValue("$headers", HeadersDocument.Serialize(upload.Attributes.Headers));
        parameters.AddWithValue(
            "$checksum_algorithm",
            upload.ChecksumAlgorithm is { } algorithm ? ChecksumAlgorithmNames.ToStored(algorithm) : DBNull.Value);
        parameters.AddWithValue(
            "$checksum_type", upload.ChecksumType is { } type ? ChecksumTypeNames.ToStored(type) : DBNull.Value);
        parameters.AddWithValue("$owner", upload.Attributes.Owner);
        parameters.AddWithValue("$acl", (object?)upload.Attributes.Acl ?? DBNull.Value);
        AttributeColumns.Bind(parameters, upload.Attributes);
        command.ExecuteNonQuery();
    }

    /// <summary>The upload's row and its mapping; null when there is no such upload for that bucket and key.</summary>
    public static (long Row, UploadInfo Upload)? Find(SqliteSession session, string bucket, string key, string uploadId)
    {
        var command = session.Command(
            $"SELECT {Columns} FROM uploads WHERE bucket = $bucket AND key = $key AND upload_id = $upload_id;");
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$key", KeyBytes.Encode(key));
        command.Parameters.AddWithValue("$upload_id", uploadId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    public static List<UploadInfo> InitiatedBefore(SqliteSession session, DateTimeOffset before, int limit)
    {
        var command = session.Command(
            $"SELECT {Columns} FROM uploads INDEXED BY uploads_by_initiated WHERE initiated < $before ORDER BY initiated LIMIT $limit;");
        command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        return ReadAll(command);
    }

    /// <summary>Deletes an upload; its parts go with it (ON DELETE CASCADE).</summary>
    public static void Delete(SqliteSession session, long row)
    {
        var command = session.Command("DELETE FROM uploads WHERE id = $row;");
        command.Parameters.AddWithValue("$row", row);
        command.ExecuteNonQuery();
    }

    /// <summary>The blobs of every part of every upload of a bucket.</summary>
    public static List<BlobId> PartBlobsOfBucket(SqliteSession session, string bucket)
    {
        var command = session.Command(
            "SELECT p.blob_id FROM uploads AS u JOIN upload_parts AS p ON p.upload_row = u.id WHERE u.bucket = $bucket;");
        command.Parameters.AddWithValue("$bucket", bucket);
        using var reader = command.ExecuteReader();
        var blobs = new List<BlobId>();
        while (reader.Read())
        {
            blobs.Add(new BlobId(reader.GetString(0)));
        }

        return blobs;
    }

    public static void DeleteAllOfBucket(SqliteSession session, string bucket)
    {
        var command = session.Command("DELETE FROM uploads WHERE bucket = $bucket;");
        command.Parameters.AddWithValue("$bucket", bucket);
        command.ExecuteNonQuery();
    }

    public static List<UploadInfo> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var uploads = new List<UploadInfo>();
        while (reader.Read())
        {
            uploads.Add(Read(reader).Upload);
        }

        return uploads;
    }

    /// <summary>Maps a row selected with <see cref="Columns"/>.</summary>
    private static (long Row, UploadInfo Upload) Read(SqliteDataReader reader)
    {
        var upload = new UploadInfo
        {
            Bucket = reader.GetString(1),
            Key = KeyBytes.Decode(reader.GetFieldValue<byte[]>(2)),
            UploadId = reader.GetString(3),
            Initiated = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            Attributes = AttributeColumns.Read(reader, 11, new ObjectAttributes
            {
                Headers = HeadersDocument.Deserialize(reader.GetString(6)),
                StorageClass = reader.GetString(5),
                Owner = reader.GetString(9),
                Acl = reader.IsDBNull(10) ? null : reader.GetString(10),
            }),
            ChecksumAlgorithm = reader.IsDBNull(7) ? null : ChecksumAlgorithmNames.FromStored(reader.GetString(7)),
            ChecksumType = reader.IsDBNull(8) ? null : ChecksumTypeNames.FromStored(reader.GetString(8)),
        };
        return (reader.GetInt64(0), upload);
    }
}
