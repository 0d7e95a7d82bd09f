using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// The SQL for <c>object_versions</c>, <c>version_blobs</c> and <c>restored_blobs</c>, and the mapping to
/// <see cref="ObjectInfo"/>. A version and its segments come in one statement (the version's columns repeated on each
/// segment's row, see <see cref="Select"/>), so a read is one round trip and one snapshot.
/// </summary>
internal static class VersionRows
{
    /// <summary>A version's columns, in the order <see cref="VersionRowReader"/> reads them, from a source aliased <c>v</c>.</summary>
    public const string Columns =
        "v.id, v.key, v.version_id, v.is_latest, v.is_delete_marker, v.size, v.etag, v.last_modified, v.storage_class, v.headers, " +
        "v.checksum_algorithm, v.checksum_value, v.checksum_type, v.owner, v.upload_id, v.acl, " +
        "v.tags, v.retention_mode, v.retain_until, v.legal_hold, v.encryption, v.kms_key_id, v.kms_context, v.bucket_key, v.customer_key_check, " +
        "v.restore_requested_at, v.restore_days, v.restore_tier, v.restore_ready_at, v.restore_expires_at, v.access_tier, v.last_accessed_at, " +
        // A done restore's copies (an ongoing one has none yet).
        "CASE WHEN v.restore_expires_at IS NOT NULL THEN ARRAY(SELECT r.blob_id FROM restored_blobs AS r WHERE r.version_row = v.id ORDER BY r.seq) END";

    /// <summary>How many columns <see cref="Columns"/> holds; a segment's follow them.</summary>
    public const int ColumnCount = 33;

    /// <summary>A segment's columns (all NULL for a version without segments), from <c>version_blobs</c> aliased <c>s</c>.</summary>
    public const string SegmentColumns =
        "s.seq, s.blob_id, s.length, s.checksum_algorithm, s.checksum_value, s.content_crc64nvme, s.sealed_key, s.sealed_as";

    // The blobs of version row $1, as BlobsOf lists them.
    private const string BlobsOfRow =
        "SELECT blob_id FROM (SELECT blob_id, seq, 0 AS copy FROM version_blobs WHERE version_row = $1 " +
        "UNION ALL SELECT blob_id, seq, 1 FROM restored_blobs WHERE version_row = $1) AS b ORDER BY copy, seq";

    private const string StoredColumns = "id, version_id, etag, last_modified, is_delete_marker, is_latest, retention_mode, retain_until, legal_hold";

    // Built once: every write's first round trip sends it.
    private static readonly string LatestStoredWithBlobsText =
        $"SELECT {StoredColumns}, ARRAY({BlobsOfRow.Replace("$1", "v.id", StringComparison.Ordinal)}) " +
        "FROM object_versions AS v WHERE bucket = $1 AND key = $2 AND is_latest";

    /// <summary>
    /// The versions <paramref name="source"/> selects (a statement over <c>object_versions</c>, which may order and
    /// limit), each with its segments, one row per segment, in <paramref name="order"/>. With
    /// <paramref name="inlineContent"/>, the content of inline segments too, read in the same snapshot as the version: an
    /// overwrite committed meanwhile cannot take it from the reader. A listing leaves it out: a page of a thousand small
    /// objects must not read a thousand objects' bytes.
    /// </summary>
    public static string Select(string source, string order, bool inlineContent = false) =>
        $"SELECT {Columns}, {SegmentColumns}, {(inlineContent ? "i.content" : "NULL::bytea")} FROM ({source}) AS v " +
        "LEFT JOIN version_blobs AS s ON s.version_row = v.id " +
        (inlineContent ? "LEFT JOIN inline_blobs AS i ON i.blob_id = s.blob_id " : "") +
        $"ORDER BY {order}";

    /// <summary>The key's latest version, ready to open (with inline content); the partial index object_versions_latest finds it.</summary>
    public static Query<VersionRow> Latest(string bucket, byte[] key) => Versions(
        Select("SELECT * FROM object_versions WHERE bucket = $1 AND key = $2 AND is_latest", "s.seq", inlineContent: true), bucket, [bucket, key]);

    public static Query<VersionRow> Version(string bucket, byte[] key, string versionId) => Versions(
        Select("SELECT * FROM object_versions WHERE bucket = $1 AND key = $2 AND version_id = $3", "s.seq", inlineContent: true),
        bucket,
        [bucket, key, versionId]);

    /// <summary>A version row by its id, with its segments (without inline content).</summary>
    public static Query<VersionRow> ByRow(string bucket, long row) =>
        Versions(Select("SELECT * FROM object_versions WHERE id = $1", "s.seq"), bucket, [row]);

    /// <summary>A query whose rows <see cref="VersionRowReader"/> reads from its first column.</summary>
    public static Query<VersionRow> Versions(string text, string bucket, object?[] values) => new(text, values, new VersionRowReader(bucket, 0).Read);

    /// <summary>
    /// The key's latest version, with the blobs it references (as <see cref="BlobsOf"/> lists them): a key transaction
    /// reads it ahead, with the bucket's row, in its first round trip, and a PUT that replaces it needs its blobs.
    /// </summary>
    public static Query<(StoredVersion Version, List<BlobId> Blobs)> LatestStoredWithBlobs(string bucket, byte[] key) => new(
        LatestStoredWithBlobsText,
        [bucket, key],
        reader => (ReadStored(reader), ((string[])reader.GetValue(9)).Select(blob => new BlobId(blob)).ToList()));

    public static Query<StoredVersion> StoredByVersionId(string bucket, byte[] key, string versionId) =>
        Stored("WHERE bucket = $1 AND key = $2 AND version_id = $3", bucket, key, versionId);

    /// <summary>The version stored last: the greatest seq, the first entry of object_versions_by_key (seq descending).</summary>
    public static Query<StoredVersion> NewestStored(string bucket, byte[] key) => Stored("WHERE bucket = $1 AND key = $2 ORDER BY seq DESC LIMIT 1", bucket, key);

    public static Query<StoredVersion> NewestStoredAsOf(string bucket, byte[] key, DateTimeOffset instant) =>
        Stored("WHERE bucket = $1 AND key = $2 AND last_modified <= $3 ORDER BY seq DESC LIMIT 1", bucket, key, instant.Millis());

    /// <summary>
    /// Inserts <paramref name="version"/> as its key's latest, with its segments and the bytes of its inline ones, in one
    /// statement (one round trip: a PUT's commit is mostly round trips); returns its row. Its seq is one more than the
    /// key's greatest, read in the same statement: two transactions that insert on one key at once cannot both commit
    /// (object_versions_by_key stops the second), and the writer runs the loser again. The segments' foreign key to the
    /// version is checked at the statement's end, when the version is in.
    /// </summary>
    public static (long Row, Statement Insert) InsertLatest(ObjectInfo version, byte[] key)
    {
        var row = RowValues.NewRowId();
        var checksum = version.Checksum;
        var segments = version.Segments;
        // A copy shares its source's inline blob, already stored: blobs are immutable, so that one stays as it is.
        var inline = segments.Where(segment => segment.InlineContent is not null).ToList();
        var insert = new Statement(
            "WITH version AS (INSERT INTO object_versions (id, bucket, key, version_id, seq, is_latest, is_delete_marker, size, etag, last_modified, " +
            $"storage_class, headers, checksum_algorithm, checksum_value, checksum_type, owner, upload_id, acl, {AttributeValues.Names}) VALUES " +
            "($1, $2, $3, $4, (SELECT coalesce(max(seq), 0) + 1 FROM object_versions WHERE bucket = $2 AND key = $3), true, $5, $6, $7, $8, $9, " +
            "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)), " +
            "segments AS (INSERT INTO version_blobs (version_row, seq, blob_id, length, checksum_algorithm, checksum_value, content_crc64nvme, " +
            "sealed_key, sealed_as) " +
            "SELECT $1, * FROM unnest($26::integer[], $27::text[], $28::bigint[], $29::text[], $30::text[], $31::bigint[], $32::bytea[], $33::text[])) " +
            "INSERT INTO inline_blobs (blob_id, content) SELECT * FROM unnest($34::text[], $35::bytea[]) ON CONFLICT (blob_id) DO NOTHING",
            [
                row, version.Bucket, key, version.VersionId, version.IsDeleteMarker, version.Size, version.ETag, version.LastModified.Millis(),
                version.Attributes.StorageClass, HeadersDocument.Serialize(version.Attributes.Headers),
                checksum is null ? null : ChecksumAlgorithmNames.ToStored(checksum.Algorithm), checksum?.Base64Value,
                checksum is null ? null : ChecksumTypeNames.ToStored(checksum.Type), version.Attributes.Owner, version.UploadId, version.Attributes.Acl,
                .. AttributeValues.Of(version.Attributes),
                Enumerable.Range(0, segments.Count).ToArray(),
                segments.Select(segment => segment.Blob.Value).ToArray(),
                segments.Select(segment => segment.Length).ToArray(),
                segments.Select(segment => segment.Checksum is { } c ? ChecksumAlgorithmNames.ToStored(c.Algorithm) : null).ToArray(),
                segments.Select(segment => segment.Checksum?.Base64Value).ToArray(),
                segments.Select(segment => segment.ContentCrc64Nvme.AsStored()).ToArray(),
                segments.Select(segment => segment.SealedKey).ToArray(),
                segments.Select(segment => segment.SealedAs?.Value).ToArray(),
                inline.Select(segment => segment.Blob.Value).ToArray(),
                inline.Select(segment => segment.InlineContent!).ToArray(),
            ]);
        return (row, insert);
    }

    /// <summary>
    /// Sets columns of a version row (<paramref name="assignments"/>, of <c>$2</c> on, from this assembly, never from a
    /// request) to <paramref name="values"/>.
    /// </summary>
    public static Statement Update(long row, string assignments, params object?[] values) =>
        new($"UPDATE object_versions SET {assignments} WHERE id = $1", [row, .. values]);

    /// <summary>The blobs the version references, in order (a blob may appear more than once), then its restored copies.</summary>
    public static Query<BlobId> BlobsOf(long row) => BlobIds(BlobsOfRow, row);

    /// <summary>Deletes a version; its segments and restored copies go with it (ON DELETE CASCADE).</summary>
    public static Statement Delete(long row) => new("DELETE FROM object_versions WHERE id = $1", row);

    /// <summary>Points each segment at its new blob (and the id it is sealed as) and sets the class; returns the blobs the segments had.</summary>
    public static List<BlobId> MoveSegments(NpgsqlConnection connection, long row, string storageClass, IReadOnlyList<BlobSegment> segments)
    {
        var old = BlobIds("SELECT blob_id FROM version_blobs WHERE version_row = $1 ORDER BY seq", row).Rows(connection);
        if (old.Count != segments.Count)
        {
            throw new ArgumentException($"The version has {old.Count} segments, not {segments.Count}.", nameof(segments));
        }

        Sql.Execute(
            connection,
            "UPDATE version_blobs AS s SET blob_id = m.blob_id, sealed_as = m.sealed_as " +
            "FROM unnest($2::integer[], $3::text[], $4::text[]) AS m (seq, blob_id, sealed_as) WHERE s.version_row = $1 AND s.seq = m.seq",
            row,
            Enumerable.Range(0, segments.Count).ToArray(),
            segments.Select(segment => segment.Blob.Value).ToArray(),
            segments.Select(segment => segment.SealedAs?.Value).ToArray());
        Update(row, "storage_class = $2", storageClass).Execute(connection);
        return old;
    }

    /// <summary>A query whose first column is a blob id.</summary>
    public static Query<BlobId> BlobIds(string text, params object?[] values) => new(text, values, reader => new BlobId(reader.GetString(0)));

    private static Query<StoredVersion> Stored(string where, params object?[] values) =>
        new($"SELECT {StoredColumns} FROM object_versions {where}", values, ReadStored);

    private static StoredVersion ReadStored(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.Time(3),
        reader.GetBoolean(4),
        reader.GetBoolean(5),
        AttributeValues.RetentionAt(reader, 6),
        reader.GetBoolean(8) ? LegalHoldStatus.On : LegalHoldStatus.Off);
}
