using Npgsql;

namespace Coffer.Server.Admin.Migration;

/// <summary>One table's row count and checksum, on one side.</summary>
internal sealed record TableDigest(string Table, long Rows, string Sha256);

/// <summary>
/// Counts and checksums every metadata table on both sides, each streamed in primary-key order (never a table in
/// memory), the two sides at once.
/// </summary>
internal static class TableChecksums
{
    /// <summary>Both sides' digests, table by table, in copy order. SQLite is read in the caller's transaction (the pause).</summary>
    public static async Task<(IReadOnlyList<TableDigest> Source, IReadOnlyList<TableDigest> Target)> ComputeAsync(
        SqliteSource source, MigrationTarget target, IReadOnlyList<MetadataTable> tables, CancellationToken cancellationToken)
    {
        var sourceSide = Task.Run(() => tables.Select(table => Source(source, table, cancellationToken)).ToList(), cancellationToken);
        var targetSide = TargetAsync(target, tables, cancellationToken);
        await Task.WhenAll(sourceSide, targetSide);
        return (await sourceSide, await targetSide);
    }

    private static TableDigest Source(SqliteSource source, MetadataTable table, CancellationToken cancellationToken)
    {
        using var digest = new RowDigest();
        foreach (var row in source.ReadAll(table, inKeyOrder: true))
        {
            cancellationToken.ThrowIfCancellationRequested();
            digest.Add(row);
        }

        return new TableDigest(table.Name, digest.Rows, digest.Finish());
    }

    private static async Task<IReadOnlyList<TableDigest>> TargetAsync(MigrationTarget target, IReadOnlyList<MetadataTable> tables, CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenConnectionAsync(cancellationToken);
        await using var transaction = await MigrationTarget.BeginSnapshotAsync(connection, cancellationToken);
        var digests = new List<TableDigest>();
        foreach (var table in tables)
        {
            using var digest = new RowDigest();
            await using var command = new NpgsqlCommand($"SELECT {table.TargetColumns} FROM {table.Name} ORDER BY {table.TargetKeyOrder}", connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var row = new object?[table.Columns.Count];
            while (await reader.ReadAsync(cancellationToken))
            {
                digest.Add(ColumnValues.ReadTargetRow(reader, row));
            }

            digests.Add(new TableDigest(table.Name, digest.Rows, digest.Finish()));
        }

        await transaction.CommitAsync(cancellationToken);
        return digests;
    }
}
