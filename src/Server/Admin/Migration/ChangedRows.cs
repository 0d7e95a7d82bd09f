using Npgsql;

namespace Coffer.Server.Admin.Migration;

/// <summary>
/// The pause's check: every key the change log names since the snapshot at which every table was verified whole,
/// compared row by row on both sides (present on both and equal, or absent from both). A row no change names is as it was
/// at that snapshot on both sides (the server writes only SQLite, and only this tool the target, and only the rows of
/// logged keys), so every table is then known equal without being read again: the pause lasts as long as the changes
/// since the verification, not as long as the metadata.
/// </summary>
internal static class ChangedRows
{
    // Keys read from the target per round trip.
    private const int KeysPerRoundTrip = 500;

    /// <summary>Compares the rows of the keys logged after <paramref name="after"/>; returns how many keys it compared.</summary>
    /// <exception cref="MigrationMismatchException">A row differs, or is on one side only.</exception>
    public static async Task<long> CompareAsync(
        SqliteSource source, MigrationTarget target, IReadOnlyDictionary<string, MetadataTable> tables, long after, CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenConnectionAsync(cancellationToken);
        long compared = 0;
        while (true)
        {
            var changes = ChangeCapture.Read(source, tables, after, ChangeReplay.BatchSize);

            // A key changed twice in the batch is compared once (across batches it may be compared again, which is harmless).
            var keys = changes
                .DistinctBy(change => change.Row, StringComparer.Ordinal)
                .Select(change => (Table: tables[change.Table], change.Key))
                .ToList();
            foreach (var chunk in keys.Chunk(KeysPerRoundTrip))
            {
                var targetRows = await ReadAsync(connection, chunk, cancellationToken);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var (table, key) = chunk[i];
                    var sourceRow = source.ReadRow(table, key);
                    if (sourceRow is null != targetRows[i] is null
                        || (sourceRow is not null && !RowDigest.Encode(sourceRow).AsSpan().SequenceEqual(RowDigest.Encode(targetRows[i]!))))
                    {
                        throw new MigrationMismatchException(
                            table.Name,
                            sourceRow is null ? "a row deleted during the move is still in the target"
                            : targetRows[i] is null ? "a row written during the move is missing from the target"
                            : "a row changed during the move differs");
                    }
                }

                compared += chunk.Length;
            }

            if (changes.Count < ChangeReplay.BatchSize)
            {
                return compared;
            }

            after = changes[^1].Sequence;
        }
    }

    /// <summary>Each key's row in the target (values as SQLite holds them), or null where it has none; one round trip.</summary>
    private static async Task<object?[]?[]> ReadAsync(
        NpgsqlConnection connection, (MetadataTable Table, object?[] Key)[] keys, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var (table, key) in keys)
        {
            var command = new NpgsqlBatchCommand($"SELECT {table.TargetColumns} FROM {table.Name} WHERE {table.TargetKeyCondition}");
            for (var i = 0; i < key.Length; i++)
            {
                command.Parameters.Add(ColumnValues.Parameter(key[i], table.Key[i].Type));
            }

            batch.BatchCommands.Add(command);
        }

        var rows = new object?[]?[keys.Length];
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        for (var index = 0; index < keys.Length; index++)
        {
            if (index > 0 && !await reader.NextResultAsync(cancellationToken))
            {
                throw new InvalidOperationException($"The target answered {index} of {keys.Length} key reads.");
            }

            if (await reader.ReadAsync(cancellationToken))
            {
                rows[index] = ColumnValues.ReadTargetRow(reader, new object?[reader.FieldCount]);
            }
        }

        return rows;
    }
}
