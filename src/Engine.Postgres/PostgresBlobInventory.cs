using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// <see cref="IBlobInventory"/> over a Coffer PostgreSQL database, for the scrubber: it only reads (each page in one
/// REPEATABLE READ READ ONLY transaction), never migrates or creates anything, so it runs beside the nodes. The database
/// must be at this build's schema version (a node of this build migrates it when it starts).
/// </summary>
public sealed class PostgresBlobInventory : IBlobInventory, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresBlobInventory(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    /// <summary>
    /// Connects to the database <paramref name="connectionString"/> names. Throws <see cref="InvalidOperationException"/>
    /// when its schema is not this build's, and <see cref="MetadataDatabaseException"/> when it cannot be used.
    /// </summary>
    public static async Task<PostgresBlobInventory> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var dataSource = await PostgresDataSources.OpenAsync(connectionString, source => RequireThisSchemaAsync(source, cancellationToken), cancellationToken);
        return new PostgresBlobInventory(dataSource);
    }

    public Task<InventoryTotals> MeasureAsync(CancellationToken cancellationToken) => ReadAsync(
        connection => new Query<InventoryTotals>(
                "SELECT (SELECT count(*) FROM version_blobs) + (SELECT count(*) FROM upload_parts), " +
                "(SELECT coalesce(sum(length), 0) FROM version_blobs) + (SELECT coalesce(sum(size), 0) FROM upload_parts)",
                [],
                reader => new InventoryTotals(reader.GetInt64(0), reader.GetInt64(1)))
            .FirstAsync(connection, cancellationToken),
        cancellationToken);

    public Task<IReadOnlyList<BlobReference>> ListAsync(BlobReferencePosition? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<BlobReference>>(
            async connection =>
            {
                // Segments first, by (version row, seq), then parts by (upload row, part number): row values compare as
                // tuples, so each page is a range seek on a primary key.
                var start = after ?? new BlobReferencePosition(InUpload: false, Row: long.MinValue, Sequence: long.MinValue);
                var page = start.InUpload ? [] : await Segments(start, limit).RowsAsync(connection, cancellationToken);
                if (page.Count < limit)
                {
                    var partsFrom = start.InUpload ? start : new BlobReferencePosition(InUpload: true, long.MinValue, long.MinValue);
                    page.AddRange(await Parts(partsFrom, limit - page.Count).RowsAsync(connection, cancellationToken));
                }

                return page;
            },
            cancellationToken);
    }

    public Task<bool> IsReferencedAsync(BlobId blob, CancellationToken cancellationToken) =>
        ReadAsync(connection => BlobReferences.IsHeld(blob).FirstAsync(connection, cancellationToken), cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static Query<BlobReference> Segments(BlobReferencePosition after, int limit) => new(
        "SELECT s.version_row, s.seq, v.bucket, v.key, v.version_id, s.blob_id, s.length, s.content_crc64nvme, i.content, s.sealed_key " +
        "FROM version_blobs AS s JOIN object_versions AS v ON v.id = s.version_row LEFT JOIN inline_blobs AS i ON i.blob_id = s.blob_id " +
        "WHERE (s.version_row, s.seq) > ($1, $2) ORDER BY s.version_row, s.seq LIMIT $3",
        [after.Row, after.Sequence, limit],
        reader => Reference(reader, inUpload: false) with { VersionId = reader.GetString(4) });

    private static Query<BlobReference> Parts(BlobReferencePosition after, int limit) => new(
        "SELECT p.upload_row, p.part_number, u.bucket, u.key, u.upload_id, p.blob_id, p.size, p.content_crc64nvme, NULL::bytea, p.sealed_key " +
        "FROM upload_parts AS p JOIN uploads AS u ON u.id = p.upload_row " +
        "WHERE (p.upload_row, p.part_number) > ($1, $2) ORDER BY p.upload_row, p.part_number LIMIT $3",
        [after.Row, after.Sequence, limit],
        reader => Reference(reader, inUpload: true) with { UploadId = reader.GetString(4), PartNumber = reader.GetInt32(1) });

    /// <summary>A reference from a row of either query: both select the same columns, in the same order.</summary>
    private static BlobReference Reference(NpgsqlDataReader reader, bool inUpload) => new(
        new BlobReferencePosition(inUpload, reader.GetInt64(0), reader.GetInt32(1)),
        reader.GetString(2),
        KeyBytes.Decode(reader.GetFieldValue<byte[]>(3)),
        new BlobSegment(new BlobId(reader.GetString(5)), reader.GetInt64(6))
        {
            ContentCrc64Nvme = reader.Crc64OrNull(7),
            InlineContent = reader.BytesOrNull(8),
            SealedKey = reader.BytesOrNull(9),
        });

    private static async Task RequireThisSchemaAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var exists = await new Query<bool>("SELECT to_regclass('coffer_schema') IS NOT NULL", [], reader => reader.GetBoolean(0))
            .FirstAsync(connection, cancellationToken);
        var version = exists ? await PostgresSchemaMigrator.ReadVersionAsync(connection, null, forUpdate: false, cancellationToken) : 0;
        if (version != PostgresSchema.Steps.Count)
        {
            throw new InvalidOperationException(
                $"The metadata database is at schema version {version}; this build reads version {PostgresSchema.Steps.Count}. " +
                "Start a node of this build once to migrate it.");
        }
    }

    /// <summary>One page in one snapshot.</summary>
    private Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken) =>
        _dataSource.ReadSnapshotAsync(read, cancellationToken);
}
