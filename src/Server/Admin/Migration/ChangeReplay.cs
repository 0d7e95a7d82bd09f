using Npgsql;

namespace Coffer.Server.Admin.Migration;

/// <summary>
/// Brings the target's rows of changed keys to what SQLite holds now: for each key the change log names, the row as it
/// is in SQLite is upserted into the target, or deleted there when SQLite has it no more. Replaying a key twice does no
/// harm, so a change replayed and then interrupted before it was forgotten is simply replayed again.
/// </summary>
internal sealed class ChangeReplay(SqliteSource source, MigrationTarget target, IReadOnlyList<MetadataTable> tables)
{
    /// <summary>Changes read and applied at once: a bound on memory, whatever has piled up in the log.</summary>
    public const int BatchSize = 20_000;

    // Statements sent per round trip to the target.
    private const int StatementsPerBatch = 500;

    private readonly Dictionary<string, MetadataTable> _byName = tables.ToDictionary(table => table.Name, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, MetadataTable> Tables => _byName;

    /// <summary>
    /// Applies <paramref name="changes"/>, reading each key's row in SQLite's current transaction (the caller's snapshot or
    /// its pause) or, without one, in a snapshot of its own, so that the rows applied together are of one instant. All in
    /// one target transaction.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<Change> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        // 1. One entry per key.
        var keys = new Dictionary<string, (MetadataTable Table, object?[] Key)>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var table = _byName[change.Table];
            keys.TryAdd(change.Row, (table, change.Key));
        }

        // 2. The rows as they are now.
        var ownSnapshot = !source.InTransaction;
        if (ownSnapshot)
        {
            source.BeginSnapshot();
        }

        var deletes = new List<(MetadataTable Table, object?[] Key)>();
        var upserts = new List<(MetadataTable Table, object?[] Row)>();
        try
        {
            foreach (var (table, key) in keys.Values)
            {
                if (source.ReadRow(table, key) is { } row)
                {
                    upserts.Add((table, row));
                }
                else
                {
                    deletes.Add((table, key));
                }
            }
        }
        finally
        {
            if (ownSnapshot)
            {
                source.Commit();
            }
        }

        // 3. Deletes first, children before parents; then upserts, parents before children. Every unique index the
        // target has besides the key holds for SQLite's rows as they are now, so once the deleted rows are gone, writing
        // the rows in their present state can trip one only where a row still holds, in the target, a place it has given
        // up: a version that stopped being the latest, while the one now latest is written. Rows that are not the latest
        // are written first, so the place is free when the latest comes.
        var order = tables.Select((table, i) => (table.Name, i)).ToDictionary(pair => pair.Name, pair => pair.i, StringComparer.Ordinal);
        var statements = deletes
            .OrderByDescending(delete => order[delete.Table.Name])
            .Select(delete => Delete(delete.Table, delete.Key))
            .Concat(upserts
                .OrderBy(upsert => order[upsert.Table.Name])
                .ThenBy(upsert => IsLatest(upsert.Table, upsert.Row))
                .Select(upsert => Upsert(upsert.Table, upsert.Row)));

        await using var connection = await target.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in statements.Chunk(StatementsPerBatch))
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var statement in chunk)
            {
                batch.BatchCommands.Add(statement);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Replays every logged change that <paramref name="which"/> takes, a batch at a time, reading the rows in the caller's
    /// transaction (a snapshot: the log and the rows as of one instant); nothing is forgotten.
    /// </summary>
    public async Task ApplyLoggedAsync(Func<Change, bool> which, CancellationToken cancellationToken)
    {
        for (long after = 0; ;)
        {
            var changes = ChangeCapture.Read(source, _byName, after, BatchSize);
            await ApplyAsync([.. changes.Where(which)], cancellationToken);
            if (changes.Count < BatchSize)
            {
                return;
            }

            after = changes[^1].Sequence;
        }
    }

    private static bool IsLatest(MetadataTable table, object?[] row)
    {
        var latest = table.Name == "object_versions" ? table.Columns.ToList().FindIndex(column => column.Name == "is_latest") : -1;
        return latest >= 0 && row[latest] is long flag && flag != 0;
    }

    private static NpgsqlBatchCommand Delete(MetadataTable table, object?[] key)
    {
        var command = new NpgsqlBatchCommand($"DELETE FROM {table.Name} WHERE {table.TargetKeyCondition}");
        for (var i = 0; i < key.Length; i++)
        {
            command.Parameters.Add(ColumnValues.Parameter(key[i], table.Key[i].Type));
        }

        return command;
    }

    private static NpgsqlBatchCommand Upsert(MetadataTable table, object?[] row)
    {
        var keyNames = table.Key.Select(column => column.Name).ToHashSet(StringComparer.Ordinal);
        var others = table.Columns.Where(column => !keyNames.Contains(column.Name)).Select(column => $"{column.Name} = excluded.{column.Name}").ToList();
        var values = string.Join(", ", table.Columns.Select((_, i) => $"${i + 1}"));
        var command = new NpgsqlBatchCommand(
            $"INSERT INTO {table.Name} ({table.TargetColumns}) VALUES ({values}) ON CONFLICT ({string.Join(", ", table.Key.Select(column => column.Name))}) " +
            (others.Count == 0 ? "DO NOTHING" : $"DO UPDATE SET {string.Join(", ", others)}"));
        for (var i = 0; i < row.Length; i++)
        {
            command.Parameters.Add(ColumnValues.Parameter(row[i], table.Columns[i].Type));
        }

        return command;
    }
}
