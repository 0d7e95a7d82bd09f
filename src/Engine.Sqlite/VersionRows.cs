using System.Globalization;
using System.Text;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>The SQL for <c>object_versions</c> and <c>version_blobs</c>, and the mapping to <see cref="ObjectInfo"/>.</summary>
internal static class VersionRows
{
    /// <summary>What every read of a version selects, in the order <see cref="Read"/> expects.</summary>
    public const string Columns =
        "id, key, version_id, is_latest, is_delete_marker, size, etag, last_modified, storage_class, " +
        "headers, checksum_algorithm, checksum_value, owner, checksum_type, upload_id, acl, " + AttributeColumns.Names + ", " + RestoreColumns.Names + ", " + TieringColumns.Names;

    /// <summary>What the version rules see of a version (see <see cref="StoredVersion"/>), in the order ReadStored expects.</summary>
    private const string StoredColumns = "id, version_id, etag, last_modified, is_delete_marker, is_latest, retention_mode, retain_until, legal_hold";

    // "is_latest = 1" must appear literally for SQLite to use the partial index; INDEXED BY
    // makes a query fail outright, rather than silently scan, if it ever stops matching.
    private const string SelectLatest =
        $"SELECT {Columns} FROM object_versions INDEXED BY object_versions_latest " +
        "WHERE bucket = $bucket AND key = $key AND is_latest = 1;";

    public static ObjectInfo? FindLatest(SqliteSession session, string bucket, byte[] key) =>
        ReadOpenable(session, SelectLatest, bucket, key, null);

    /// <summary>The version with that id, with its segments and inline content; null when the key has none.</summary>
    public static ObjectInfo? FindVersion(SqliteSession session, string bucket, byte[] key, string versionId) => ReadOpenable(
        session,
        $"SELECT {Columns} FROM object_versions WHERE bucket = $bucket AND key = $key AND version_id = $version_id;",
        bucket,
        key,
        versionId);

    /// <summary>One version selected with <see cref="Columns"/>, with its segments and their inline content: ready to open.</summary>
    private static ObjectInfo? ReadOpenable(SqliteSession session, string sql, string bucket, byte[] key, string? versionId)
    {
        var command = session.Command(sql);
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$key", key);
        if (versionId is not null)
        {
            command.Parameters.AddWithValue("$version_id", versionId);
        }

        (long Row, ObjectInfo Version) found;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            found = Read(reader, bucket);
        }

        return RestoreColumns.WithRestoredBlobs(session, found.Row, found.Version with { Segments = SegmentsOf(session, found.Row, withInlineContent: true) });
    }

    /// <summary>The key's latest version as the version rules see it.</summary>
    public static StoredVersion? FindLatestStored(SqliteSession session, string bucket, byte[] key) => ReadStored(
        session,
        $"SELECT {StoredColumns} FROM object_versions INDEXED BY object_versions_latest WHERE bucket = $bucket AND key = $key AND is_latest = 1;",
        bucket,
        key);

    public static StoredVersion? FindStored(SqliteSession session, string bucket, byte[] key, string versionId) => ReadStored(
        session,
        $"SELECT {StoredColumns} FROM object_versions WHERE bucket = $bucket AND key = $key AND version_id = $version_id;",
        bucket,
        key,
        versionId);

    /// <summary>The key's version with the greatest row id: the one stored last.</summary>
    public static StoredVersion? FindNewestStored(SqliteSession session, string bucket, byte[] key) => ReadStored(
        session,
        $"SELECT {StoredColumns} FROM object_versions INDEXED BY object_versions_by_key WHERE bucket = $bucket AND key = $key ORDER BY id DESC LIMIT 1;",
        bucket,
        key);

    public static StoredVersion? FindNewestStoredAsOf(SqliteSession session, string bucket, byte[] key, DateTimeOffset instant)
    {
        var command = session.Command(
            $"SELECT {StoredColumns} FROM object_versions INDEXED BY object_versions_by_key " +
            "WHERE bucket = $bucket AND key = $key AND last_modified <= $instant ORDER BY id DESC LIMIT 1;");
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$instant", instant.ToUnixTimeMilliseconds());
        return ReadStored(command);
    }

    /// <summary>A version row by its id, with its segments (without inline content).</summary>
    public static ObjectInfo ReadRow(SqliteSession session, string bucket, long row)
    {
        var command = session.Command($"SELECT {Columns} FROM object_versions WHERE id = $row;");
        command.Parameters.AddWithValue("$row", row);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException($"No version row {row}.");
        }

        return RestoreColumns.WithRestoredBlobs(session, row, WithSegments(session, row, Read(reader, bucket).Version));
    }

    /// <summary>Points each segment of the version at its new blob (and the id it is sealed as) and sets its class; returns the blobs the segments had.</summary>
    public static List<BlobId> MoveSegments(SqliteSession session, long row, string storageClass, IReadOnlyList<BlobSegment> segments)
    {
        var previous = session.Command("SELECT blob_id FROM version_blobs WHERE version_row = $row ORDER BY seq;");
        previous.Parameters.AddWithValue("$row", row);
        var old = BlobReferences.ReadIds(previous);
        if (old.Count != segments.Count)
        {
            throw new ArgumentException($"The version has {old.Count} segments, not {segments.Count}.", nameof(segments));
        }

        var move = session.Command("UPDATE version_blobs SET blob_id = $blob_id, sealed_as = $sealed_as WHERE version_row = $row AND seq = $seq;");
        for (var seq = 0; seq < segments.Count; seq++)
        {
            move.Parameters.Clear();
            move.Parameters.AddWithValue("$row", row);
            move.Parameters.AddWithValue("$seq", seq);
            move.Parameters.AddWithValue("$blob_id", segments[seq].Blob.Value);
            SealedKeyColumn.BindSealedAs(move.Parameters, segments[seq].SealedAs);
            move.ExecuteNonQuery();
        }

        Update(session, row, "storage_class", storageClass);
        return old;
    }

    /// <summary>Sets one column of a version row; the column name comes from this assembly, never from a request.</summary>
    public static void Update(SqliteSession session, long row, string column, object? value)
    {
        var command = session.Command($"UPDATE object_versions SET {column} = $value WHERE id = $row;");
        command.Parameters.AddWithValue("$row", row);
        command.Parameters.AddWithValue("$value", value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public static void SetRetention(SqliteSession session, long row, ObjectRetention? retention)
    {
        var command = session.Command("UPDATE object_versions SET retention_mode = $mode, retain_until = $until WHERE id = $row;");
        command.Parameters.AddWithValue("$row", row);
        command.Parameters.AddWithValue("$mode", retention is null ? DBNull.Value : RetentionModeNames.ToStored(retention.Mode));
        command.Parameters.AddWithValue("$until", retention is null ? DBNull.Value : retention.RetainUntil.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    private static StoredVersion? ReadStored(SqliteSession session, string sql, string bucket, byte[] key, string? versionId = null)
    {
        var command = session.Command(sql);
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$key", key);
        if (versionId is not null)
        {
            command.Parameters.AddWithValue("$version_id", versionId);
        }

        return ReadStored(command);
    }

    private static StoredVersion? ReadStored(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new StoredVersion(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.GetBoolean(4),
                reader.GetBoolean(5),
                AttributeColumns.RetentionAt(reader, 6),
                reader.GetBoolean(8) ? LegalHoldStatus.On : LegalHoldStatus.Off)
            : null;
    }

    /// <summary>Inserts <paramref name="version"/> as the latest version of its key, with its segments; returns its row.</summary>
    public static long InsertLatest(SqliteSession session, ObjectInfo version, byte[] key)
    {
        var command = session.Command(
            "INSERT INTO object_versions (bucket, key, version_id, is_latest, is_delete_marker, size, etag, " +
            "last_modified, storage_class, headers, checksum_algorithm, checksum_value, checksum_type, owner, upload_id, acl, " + AttributeColumns.Names + ") " +
            "VALUES ($bucket, $key, $version_id, 1, $is_delete_marker, $size, $etag, " +
            "$last_modified, $storage_class, $headers, $checksum_algorithm, $checksum_value, $checksum_type, $owner, $upload_id, $acl, " +
            AttributeColumns.Parameters + ") RETURNING id;");
        var parameters = command.Parameters;
        parameters.AddWithValue("$bucket", version.Bucket);
        parameters.AddWithValue("$key", key);
        parameters.AddWithValue("$version_id", version.VersionId);
        parameters.AddWithValue("$is_delete_marker", version.IsDeleteMarker);
        parameters.AddWithValue("$size", version.Size);
        parameters.AddWithValue("$etag", version.ETag);
        parameters.AddWithValue("$last_modified", version.LastModified.ToUnixTimeMilliseconds());
        parameters.AddWithValue("$storage_class", version.Attributes.StorageClass);
        parameters.AddWithValue("$headers", HeadersDocument.Serialize(version.Attributes.Headers));
        ChecksumColumns.Bind(parameters, version.Checksum);
        parameters.AddWithValue(
            "$checksum_type", version.Checksum is { } checksum ? ChecksumTypeNames.ToStored(checksum.Type) : DBNull.Value);
        parameters.AddWithValue("$owner", version.Attributes.Owner);
        parameters.AddWithValue("$upload_id", (object?)version.UploadId ?? DBNull.Value);
        parameters.AddWithValue("$acl", (object?)version.Attributes.Acl ?? DBNull.Value);
        AttributeColumns.Bind(parameters, version.Attributes);
        var row = (long)command.ExecuteScalar()!;

        var insertSegment = session.Command(
            "INSERT INTO version_blobs (version_row, seq, blob_id, length, checksum_algorithm, checksum_value, content_crc64nvme, sealed_key, sealed_as) " +
            "VALUES ($row, $seq, $blob_id, $length, $checksum_algorithm, $checksum_value, $content_crc64nvme, $sealed_key, $sealed_as);");
        var segmentParameters = insertSegment.Parameters;
        segmentParameters.AddWithValue("$row", row);
        for (var i = 0; i < version.Segments.Count; i++)
        {
            var segment = version.Segments[i];
            segmentParameters.AddWithValue("$seq", i);
            segmentParameters.AddWithValue("$blob_id", segment.Blob.Value);
            segmentParameters.AddWithValue("$length", segment.Length);
            ChecksumColumns.Bind(segmentParameters, segment.Checksum);
            ContentCrcColumn.Bind(segmentParameters, segment.ContentCrc64Nvme);
            SealedKeyColumn.Bind(segmentParameters, segment.SealedKey);
            SealedKeyColumn.BindSealedAs(segmentParameters, segment.SealedAs);
            insertSegment.ExecuteNonQuery();
            segmentParameters.Clear();
            segmentParameters.AddWithValue("$row", row);
            if (segment.InlineContent is { } content)
            {
                InlineBlobs.Insert(session, segment.Blob, content);
            }
        }

        return row;
    }

    /// <summary>The blobs a version references, in order (a blob may appear more than once), then its restored copies.</summary>
    public static List<BlobId> BlobsOf(SqliteSession session, long row)
    {
        var command = session.Command(
            "SELECT blob_id FROM (SELECT blob_id, seq, 0 AS copy FROM version_blobs WHERE version_row = $row " +
            "UNION ALL SELECT blob_id, seq, 1 FROM restored_blobs WHERE version_row = $row) ORDER BY copy, seq;");
        command.Parameters.AddWithValue("$row", row);
        return BlobReferences.ReadIds(command);
    }

    /// <summary>Deletes a version; its segments go with it (ON DELETE CASCADE).</summary>
    public static void Delete(SqliteSession session, long row)
    {
        var command = session.Command("DELETE FROM object_versions WHERE id = $row;");
        command.Parameters.AddWithValue("$row", row);
        command.ExecuteNonQuery();
    }


    /// <summary>Maps a row selected with <see cref="Columns"/>; the segments are loaded separately.</summary>
    public static (long Row, ObjectInfo Version) Read(SqliteDataReader reader, string bucket)
    {
        var checksum = ChecksumColumns.Read(reader, 10);
        if (checksum is not null && !reader.IsDBNull(13))
        {
            checksum = checksum with { Type = ChecksumTypeNames.FromStored(reader.GetString(13)) };
        }

        var version = new ObjectInfo
        {
            Bucket = bucket,
            Key = KeyBytes.Decode(reader.GetFieldValue<byte[]>(1)),
            VersionId = reader.GetString(2),
            IsLatest = reader.GetBoolean(3),
            IsDeleteMarker = reader.GetBoolean(4),
            Size = reader.GetInt64(5),
            ETag = reader.GetString(6),
            LastModified = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
            Attributes = AttributeColumns.Read(reader, 16, new ObjectAttributes
            {
                Headers = HeadersDocument.Deserialize(reader.GetString(9)),
                StorageClass = reader.GetString(8),
                Owner = reader.GetString(12),
                Acl = reader.IsDBNull(15) ? null : reader.GetString(15),
            }),
            Checksum = checksum,
            UploadId = reader.IsDBNull(14) ? null : reader.GetString(14),
            Restore = RestoreColumns.Read(reader, 16 + AttributeColumns.Count),
            Tiering = TieringColumns.Read(reader, 16 + AttributeColumns.Count + RestoreColumns.Count),
        };
        return (reader.GetInt64(0), version);
    }

    /// <summary>
    /// The version with its segments but without inline content: a listing of a thousand small
    /// objects must not read a thousand objects' bytes. Such a version is for reporting, not for
    /// opening; reads go through <see cref="FindLatest"/>.
    /// </summary>
    public static ObjectInfo WithSegments(SqliteSession session, long row, ObjectInfo version) =>
        version with { Segments = SegmentsOf(session, row, withInlineContent: false) };

    /// <summary>
    /// The versions of a listing page with their segments (without inline content, as above), loaded by
    /// one query for the whole page: a query per version cost more than reading the page itself.
    /// </summary>
    public static List<ObjectInfo> WithSegments(SqliteSession session, List<(long Row, ObjectInfo Version)> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = new StringBuilder("[", (rows.Count * 8) + 2);
        foreach (var (row, _) in rows)
        {
            ids.Append(ids.Length > 1 ? "," : "").Append(row.ToString(CultureInfo.InvariantCulture));
        }

        var command = session.Command(
            "SELECT version_row, blob_id, length, checksum_algorithm, checksum_value, content_crc64nvme, sealed_key, sealed_as FROM version_blobs " +
            "WHERE version_row IN (SELECT value FROM json_each($rows)) ORDER BY version_row, seq;");
        command.Parameters.AddWithValue("$rows", ids.Append(']').ToString());
        var segments = new Dictionary<long, List<BlobSegment>>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var row = reader.GetInt64(0);
                if (!segments.TryGetValue(row, out var list))
                {
                    segments[row] = list = [];
                }

                list.Add(new BlobSegment(new BlobId(reader.GetString(1)), reader.GetInt64(2), ChecksumColumns.Read(reader, 3))
                {
                    ContentCrc64Nvme = ContentCrcColumn.Read(reader, 5),
                    SealedKey = SealedKeyColumn.Read(reader, 6),
                    SealedAs = SealedKeyColumn.ReadSealedAs(reader, 7),
                });
            }
        }

        // A version without segments (an empty object) keeps the empty list it was read with.
        return rows.ConvertAll(row => segments.TryGetValue(row.Row, out var list) ? row.Version with { Segments = list } : row.Version);
    }

    private static List<BlobSegment> SegmentsOf(SqliteSession session, long row, bool withInlineContent)
    {
        // The content of an inline segment comes in the same read, in the same snapshot as the
        // version: an overwrite committed after this cannot take it from a reader.
        var command = session.Command(withInlineContent
            ? "SELECT v.blob_id, v.length, v.checksum_algorithm, v.checksum_value, i.content, v.content_crc64nvme, v.sealed_key, v.sealed_as " +
              "FROM version_blobs AS v LEFT JOIN inline_blobs AS i ON i.blob_id = v.blob_id " +
              "WHERE v.version_row = $row ORDER BY v.seq;"
            : "SELECT blob_id, length, checksum_algorithm, checksum_value, NULL, content_crc64nvme, sealed_key, sealed_as FROM version_blobs " +
              "WHERE version_row = $row ORDER BY seq;");
        command.Parameters.AddWithValue("$row", row);
        using var reader = command.ExecuteReader();
        var segments = new List<BlobSegment>();
        while (reader.Read())
        {
            segments.Add(new BlobSegment(new BlobId(reader.GetString(0)), reader.GetInt64(1), ChecksumColumns.Read(reader, 2))
            {
                InlineContent = reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4),
                ContentCrc64Nvme = ContentCrcColumn.Read(reader, 5),
                SealedKey = SealedKeyColumn.Read(reader, 6),
                SealedAs = SealedKeyColumn.ReadSealedAs(reader, 7),
            });
        }

        return segments;
    }

}
