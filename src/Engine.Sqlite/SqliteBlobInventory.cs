using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// <see cref="IBlobInventory"/> over a Coffer SQLite database, opened read-only: WAL lets it read
/// beside a running server, and it never writes, migrates or creates anything. The database must
/// be at this build's schema version (a server of this build migrates it when it starts).
/// </summary>
public sealed class SqliteBlobInventory : IBlobInventory, IDisposable
{
    private readonly SqliteSession _session;

    private SqliteBlobInventory(SqliteSession session)
    {
        _session = session;
    }

    /// <summary>
    /// Opens <paramref name="databasePath"/> read-only. Throws <see cref="FileNotFoundException"/>
    /// when there is no such file, and <see cref="InvalidOperationException"/> when its schema is not
    /// this build's.
    /// </summary>
    public static SqliteBlobInventory Open(string databasePath)
    {
        var path = Path.GetFullPath(databasePath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no metadata database at {path}.", path);
        }

        var session = SqliteConnections.OpenReader(path);
        try
        {
            var version = SchemaMigrator.ReadVersion(session.Connection, null);
            if (version != Migrations.Steps.Count)
            {
                throw new InvalidOperationException(
                    $"The metadata database is at schema version {version}; this build reads version {Migrations.Steps.Count}. " +
                    "Start the server of this build once to migrate it.");
            }

            return new SqliteBlobInventory(session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public Task<InventoryTotals> MeasureAsync(CancellationToken cancellationToken) => ReadAsync(
        session =>
        {
            var command = session.Command(
                "SELECT (SELECT count(*) FROM version_blobs) + (SELECT count(*) FROM upload_parts), " +
                "(SELECT coalesce(sum(length), 0) FROM version_blobs) + (SELECT coalesce(sum(size), 0) FROM upload_parts);");
            using var reader = command.ExecuteReader();
            reader.Read();
            return new InventoryTotals(reader.GetInt64(0), reader.GetInt64(1));
        },
        cancellationToken);

    public Task<IReadOnlyList<BlobReference>> ListAsync(BlobReferencePosition? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<BlobReference>>(
            session =>
            {
                var start = after ?? new BlobReferencePosition(InUpload: false, Row: long.MinValue, Sequence: long.MinValue);
                var page = start.InUpload ? [] : Segments(session, start, limit);
                if (page.Count < limit)
                {
                    var partsFrom = start.InUpload ? start : new BlobReferencePosition(InUpload: true, long.MinValue, long.MinValue);
                    page.AddRange(Parts(session, partsFrom, limit - page.Count));
                }

                return page;
            },
            cancellationToken);
    }

    public Task<bool> IsReferencedAsync(BlobId blob, CancellationToken cancellationToken) =>
        ReadAsync(session => BlobReferences.IsHeld(session, blob), cancellationToken);

    public void Dispose() => _session.Dispose();

    // Row values compare as tuples, so (row, seq) > ($row, $seq) is a range seek on the primary key.
    private static List<BlobReference> Segments(SqliteSession session, BlobReferencePosition after, int limit)
    {
        var command = session.Command(
            "SELECT v.version_row, v.seq, o.bucket, o.key, o.version_id, v.blob_id, v.length, v.content_crc64nvme, i.content, v.sealed_key " +
            "FROM version_blobs AS v JOIN object_versions AS o ON o.id = v.version_row " +
            "LEFT JOIN inline_blobs AS i ON i.blob_id = v.blob_id " +
            "WHERE (v.version_row, v.seq) > ($row, $seq) ORDER BY v.version_row, v.seq LIMIT $limit;");
        return Read(command, after, limit, reader => new BlobReference(
            new BlobReferencePosition(InUpload: false, reader.GetInt64(0), reader.GetInt64(1)),
            reader.GetString(2),
            KeyBytes.Decode(reader.GetFieldValue<byte[]>(3)),
            new BlobSegment(new BlobId(reader.GetString(5)), reader.GetInt64(6))
            {
                ContentCrc64Nvme = ContentCrcColumn.Read(reader, 7),
                InlineContent = reader.IsDBNull(8) ? null : reader.GetFieldValue<byte[]>(8),
                SealedKey = SealedKeyColumn.Read(reader, 9),
            })
        {
            VersionId = reader.GetString(4),
        });
    }

    private static List<BlobReference> Parts(SqliteSession session, BlobReferencePosition after, int limit)
    {
        var command = session.Command(
            "SELECT p.upload_row, p.part_number, u.bucket, u.key, u.upload_id, p.blob_id, p.size, p.content_crc64nvme, p.sealed_key " +
            "FROM upload_parts AS p JOIN uploads AS u ON u.id = p.upload_row " +
            "WHERE (p.upload_row, p.part_number) > ($row, $seq) ORDER BY p.upload_row, p.part_number LIMIT $limit;");
        return Read(command, after, limit, reader => new BlobReference(
            new BlobReferencePosition(InUpload: true, reader.GetInt64(0), reader.GetInt64(1)),
            reader.GetString(2),
            KeyBytes.Decode(reader.GetFieldValue<byte[]>(3)),
            new BlobSegment(new BlobId(reader.GetString(5)), reader.GetInt64(6))
            {
                ContentCrc64Nvme = ContentCrcColumn.Read(reader, 7),
                SealedKey = SealedKeyColumn.Read(reader, 8),
            })
        {
            UploadId = reader.GetString(4),
            PartNumber = reader.GetInt32(1),
        });
    }

    private static List<BlobReference> Read(SqliteCommand command, BlobReferencePosition after, int limit, Func<SqliteDataReader, BlobReference> map)
    {
        command.Parameters.AddWithValue("$row", after.Row);
        command.Parameters.AddWithValue("$seq", after.Sequence);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var references = new List<BlobReference>();
        while (reader.Read())
        {
            references.Add(map(reader));
        }

        return references;
    }

    /// <summary>One page in one read transaction, so that a page is one snapshot.</summary>
    private Task<T> ReadAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var transaction = _session.Connection.BeginTransaction(deferred: true);
        _session.Transaction = transaction;
        try
        {
            return Task.FromResult(work(_session));
        }
        finally
        {
            _session.Transaction = null;
        }
    }
}
