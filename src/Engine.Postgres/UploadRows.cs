using Coffer.Engine.Model;
using Coffer.Engine.Storage;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>The SQL for <c>uploads</c> and <c>upload_parts</c>, and the mapping to <see cref="UploadInfo"/> and <see cref="PartInfo"/>.</summary>
internal static class UploadRows
{
    /// <summary>What every read of an upload selects, in the order <see cref="Read"/> expects.</summary>
    public const string Columns =
        "id, bucket, key, upload_id, initiated, storage_class, headers, checksum_algorithm, checksum_type, owner, acl, " + AttributeValues.Names;

    private const string PartColumns =
        "part_number, blob_id, size, etag, last_modified, checksum_algorithm, checksum_value, default_crc64nvme, content_crc64nvme, sealed_key";

    /// <summary>Records an upload under a new random row id; the rare collision of ids is a unique violation the writer runs again.</summary>
    public static void Insert(NpgsqlConnection connection, UploadInfo upload) =>
        Sql.Execute(
            connection,
            $"INSERT INTO uploads ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
            [
                RowValues.NewRowId(), upload.Bucket, KeyBytes.Encode(upload.Key), upload.UploadId, upload.Initiated.Millis(),
                upload.Attributes.StorageClass, HeadersDocument.Serialize(upload.Attributes.Headers),
                upload.ChecksumAlgorithm is { } algorithm ? ChecksumAlgorithmNames.ToStored(algorithm) : null,
                upload.ChecksumType is { } type ? ChecksumTypeNames.ToStored(type) : null,
                upload.Attributes.Owner, upload.Attributes.Acl, .. AttributeValues.Of(upload.Attributes),
            ]);

    /// <summary>The upload with its row; none when there is no such upload for that bucket and key.</summary>
    public static Query<(long Row, UploadInfo Upload)> Find(string bucket, string key, string uploadId) =>
        new($"SELECT {Columns} FROM uploads WHERE bucket = $1 AND key = $2 AND upload_id = $3", [bucket, KeyBytes.Encode(key), uploadId], Read);

    public static Query<(long Row, UploadInfo Upload)> InitiatedBefore(DateTimeOffset before, int limit) =>
        new($"SELECT {Columns} FROM uploads WHERE initiated < $1 ORDER BY initiated LIMIT $2", [before.Millis(), limit], Read);

    /// <summary>
    /// A page of open uploads in (key, upload id) order, from a range seek on uploads_by_key. The position after an
    /// upload is the row value <c>(key, upload_id) &gt; ($2, $3)</c>, which PostgreSQL also turns into a seek.
    /// </summary>
    public static Query<(long Row, UploadInfo Upload)> Page(string bucket, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> afterKey, string? afterUploadId, int limit)
    {
        // The prefix and the marker are two lower bounds; KeyRange keeps the larger. The upload id matters only when
        // the marker's key is that bound: a larger prefix already lies past every upload of the marker's key.
        var range = KeyRange.For(afterKey, inclusive: false, prefix);
        var afterUpload = !range.FromInclusive && afterUploadId is not null;
        var start = range.FromInclusive ? "key >= $2" : afterUpload ? "(key, upload_id) > ($2, $5)" : "key > $2";
        object?[] values = [bucket, range.From, range.Before ?? ListingQueries.PastEveryKey, limit];
        return new(
            $"SELECT {Columns} FROM uploads WHERE bucket = $1 AND {start} AND key < $3 ORDER BY key, upload_id LIMIT $4",
            afterUpload ? [.. values, afterUploadId] : values,
            Read);
    }

    /// <summary>Deletes an upload; its parts go with it (ON DELETE CASCADE).</summary>
    public static void Delete(NpgsqlConnection connection, long row) => Sql.Execute(connection, "DELETE FROM uploads WHERE id = $1", row);

    /// <summary>Deletes every upload of a bucket; returns the blobs their parts held.</summary>
    public static List<BlobId> DeleteAllOfBucket(NpgsqlConnection connection, string bucket)
    {
        var blobs = VersionRows.BlobIds(
            "SELECT p.blob_id FROM uploads AS u JOIN upload_parts AS p ON p.upload_row = u.id WHERE u.bucket = $1", bucket).Rows(connection);
        Sql.Execute(connection, "DELETE FROM uploads WHERE bucket = $1", bucket);
        return blobs;
    }

    /// <summary>Stores a part, replacing one with the same number; returns the replaced part's blob.</summary>
    public static BlobId? UpsertPart(NpgsqlConnection connection, long upload, PartInfo part)
    {
        var replaced = VersionRows.BlobIds("SELECT blob_id FROM upload_parts WHERE upload_row = $1 AND part_number = $2", upload, part.PartNumber)
            .Rows(connection);
        Sql.Execute(
            connection,
            $"INSERT INTO upload_parts (upload_row, {PartColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) " +
            "ON CONFLICT (upload_row, part_number) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size, etag = excluded.etag, " +
            "last_modified = excluded.last_modified, checksum_algorithm = excluded.checksum_algorithm, checksum_value = excluded.checksum_value, " +
            "default_crc64nvme = excluded.default_crc64nvme, content_crc64nvme = excluded.content_crc64nvme, sealed_key = excluded.sealed_key",
            upload,
            part.PartNumber,
            part.Blob.Value,
            part.Size,
            part.ETag,
            part.LastModified.Millis(),
            part.Checksum is { } checksum ? ChecksumAlgorithmNames.ToStored(checksum.Algorithm) : null,
            part.Checksum?.Base64Value,
            part.DefaultChecksum?.Base64Value,
            part.ContentCrc64Nvme.AsStored(),
            part.SealedKey);
        return replaced is [var old] ? old : null;
    }

    /// <summary>
    /// The parts of an upload numbered above <paramref name="after"/>, in order, none when there is no such upload: the
    /// upload and its parts in one statement, a primary-key range seek on the upload's row.
    /// </summary>
    public static Query<PartInfo> PartsAfter(string bucket, string key, string uploadId, int after, int limit) => new(
        $"SELECT {string.Join(", ", PartColumns.Split(", ").Select(column => "p." + column))} FROM uploads AS u " +
        "JOIN upload_parts AS p ON p.upload_row = u.id WHERE u.bucket = $1 AND u.key = $2 AND u.upload_id = $3 AND p.part_number > $4 " +
        "ORDER BY p.part_number LIMIT $5",
        [bucket, KeyBytes.Encode(key), uploadId, after, limit],
        ReadPart);

    /// <summary>Every part's number and blob, for completion and abort.</summary>
    public static Dictionary<int, BlobId> PartBlobs(NpgsqlConnection connection, long upload) =>
        new Query<(int Number, BlobId Blob)>(
                "SELECT part_number, blob_id FROM upload_parts WHERE upload_row = $1", [upload], reader => (reader.GetInt32(0), new BlobId(reader.GetString(1))))
            .Rows(connection)
            .ToDictionary(part => part.Number, part => part.Blob);

    private static (long Row, UploadInfo Upload) Read(NpgsqlDataReader reader) => (reader.GetInt64(0), new UploadInfo
    {
        Bucket = reader.GetString(1),
        Key = KeyBytes.Decode(reader.GetFieldValue<byte[]>(2)),
        UploadId = reader.GetString(3),
        Initiated = reader.Time(4),
        Attributes = AttributeValues.Read(reader, 11, new ObjectAttributes
        {
            StorageClass = reader.GetString(5),
            Headers = HeadersDocument.Deserialize(reader.GetString(6)),
            Owner = reader.GetString(9),
            Acl = reader.TextOrNull(10),
        }),
        ChecksumAlgorithm = reader.TextOrNull(7) is { } algorithm ? ChecksumAlgorithmNames.FromStored(algorithm) : null,
        ChecksumType = reader.TextOrNull(8) is { } type ? ChecksumTypeNames.FromStored(type) : null,
    });

    private static PartInfo ReadPart(NpgsqlDataReader reader) => new()
    {
        PartNumber = reader.GetInt32(0),
        Blob = new BlobId(reader.GetString(1)),
        Size = reader.GetInt64(2),
        ETag = reader.GetString(3),
        LastModified = reader.Time(4),
        Checksum = AttributeValues.ChecksumAt(reader, 5),
        DefaultChecksum = reader.TextOrNull(7) is { } crc ? new ObjectChecksum(ChecksumAlgorithm.Crc64Nvme, crc) : null,
        ContentCrc64Nvme = reader.Crc64OrNull(8),
        SealedKey = reader.BytesOrNull(9),
    };
}
