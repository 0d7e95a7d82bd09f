using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// One row of a version query (<see cref="VersionRows.Select"/>): the version when the row is its first, and the segment
/// the row carries, if any; or, in a grouped listing, a common prefix.
/// </summary>
internal sealed record VersionRow(long Row, ObjectInfo? Version, BlobSegment? Segment, string? CommonPrefix = null)
{
    /// <summary>Puts the rows of a query back together: each version with its segments, and the common prefixes, in order.</summary>
    public static List<ScanEntry> Entries(IReadOnlyList<VersionRow> rows)
    {
        var entries = new List<ScanEntry>();
        var segments = new List<BlobSegment>();
        ObjectInfo? version = null;

        void Flush()
        {
            if (version is not null)
            {
                entries.Add(new ScanEntry(version.Key, version with { Segments = segments.ToArray() }));
                version = null;
                segments.Clear();
            }
        }

        foreach (var row in rows)
        {
            if (row.CommonPrefix is { } prefix)
            {
                Flush();
                entries.Add(new ScanEntry(prefix, null));
                continue;
            }

            if (row.Version is not null)
            {
                Flush();
                version = row.Version;
            }

            if (row.Segment is not null)
            {
                segments.Add(row.Segment);
            }
        }

        Flush();
        return entries;
    }

    public static List<ObjectInfo> Versions(IReadOnlyList<VersionRow> rows) => Entries(rows).ConvertAll(entry => entry.Version!);
}

/// <summary>
/// Reads the rows of one run of a version query, whose columns start at <paramref name="first"/>: a version's columns
/// are read only on its first row, the later ones carrying only another segment.
/// </summary>
internal sealed class VersionRowReader(string bucket, int first)
{
    private long _last;

    public VersionRow Read(NpgsqlDataReader reader)
    {
        var row = reader.GetInt64(first);
        var version = row == _last ? null : ReadVersion(reader);
        _last = row;
        var segment = first + VersionRows.ColumnCount;
        return new VersionRow(row, version, reader.IsDBNull(segment) ? null : ReadSegment(reader, segment + 1));
    }

    private ObjectInfo ReadVersion(NpgsqlDataReader reader)
    {
        var at = first;
        var checksum = AttributeValues.ChecksumAt(reader, at + 10);
        if (checksum is not null && reader.TextOrNull(at + 12) is { } type)
        {
            checksum = checksum with { Type = ChecksumTypeNames.FromStored(type) };
        }

        return new ObjectInfo
        {
            Bucket = bucket,
            Key = KeyBytes.Decode(reader.GetFieldValue<byte[]>(at + 1)),
            VersionId = reader.GetString(at + 2),
            IsLatest = reader.GetBoolean(at + 3),
            IsDeleteMarker = reader.GetBoolean(at + 4),
            Size = reader.GetInt64(at + 5),
            ETag = reader.GetString(at + 6),
            LastModified = reader.Time(at + 7),
            Attributes = AttributeValues.Read(reader, at + 16, new ObjectAttributes
            {
                StorageClass = reader.GetString(at + 8),
                Headers = HeadersDocument.Deserialize(reader.GetString(at + 9)),
                Owner = reader.GetString(at + 13),
                Acl = reader.TextOrNull(at + 15),
            }),
            Checksum = checksum,
            UploadId = reader.TextOrNull(at + 14),
            Restore = RestoreAt(reader, at + 16 + AttributeValues.Count),
            Tiering = reader.TextOrNull(at + 30) is { } tier ? new TieringState(AccessTierNames.FromStored(tier), reader.Time(at + 31)) : null,
        };
    }

    private static ArchiveRestore? RestoreAt(NpgsqlDataReader reader, int at) =>
        reader.TimeOrNull(at) is { } requested
            ? new ArchiveRestore
            {
                RequestedAt = requested,
                Days = reader.GetInt32(at + 1),
                Tier = RetrievalTierNames.FromStored(reader.GetString(at + 2)),
                ReadyAt = reader.Time(at + 3),
                ExpiresAt = reader.TimeOrNull(at + 4),
                RestoredBlobs = reader.IsDBNull(at + 7) ? [] : Array.ConvertAll(reader.GetFieldValue<string[]>(at + 7), blob => new BlobId(blob)),
            }
            : null;

    private static BlobSegment ReadSegment(NpgsqlDataReader reader, int at) =>
        new(new BlobId(reader.GetString(at)), reader.GetInt64(at + 1), AttributeValues.ChecksumAt(reader, at + 2))
        {
            ContentCrc64Nvme = reader.Crc64OrNull(at + 4),
            SealedKey = reader.BytesOrNull(at + 5),
            SealedAs = reader.TextOrNull(at + 6) is { } sealedAs ? new BlobId(sealedAs) : null,
            InlineContent = reader.BytesOrNull(at + 7),
        };
}
