using System.Globalization;

namespace Coffer.Server.Admin.Migration;

/// <summary>A primary key that changed in SQLite after the snapshot: inserted, updated or deleted there.</summary>
internal sealed record Change(long Sequence, string Table, object?[] Key)
{
    /// <summary>The changed row's table and key, alike for every change of that row.</summary>
    public string Row => Table + "\0" + Convert.ToHexString(RowDigest.Encode(Key));
}

/// <summary>
/// Records in metadata.db itself which primary keys change while the move runs (the move contract, §1): AFTER
/// INSERT/UPDATE/DELETE triggers on every metadata table write the key into coffer_migration_changes, in the server's own
/// transaction, so a change is recorded exactly when it commits. The server does not know of them. The log lives in the
/// source, so a rerun after an interruption finds every change since the first snapshot still there.
/// </summary>
internal static class ChangeCapture
{
    private const string Log = "coffer_migration_changes";

    private const int MaxKeyColumns = 3;

    /// <summary>
    /// Creates the log and the triggers unless they exist; returns whether the log existed already (changes since an
    /// earlier run's snapshot are in it).
    /// </summary>
    public static bool Install(SqliteSource source, IReadOnlyList<MetadataTable> tables)
    {
        source.BeginImmediate();
        try
        {
            var existed = source.TableExists(Log);

            // AUTOINCREMENT: sequence numbers never repeat, even once the log has been emptied, so "every change up to N"
            // never takes in one recorded later. ANY keeps each key value's own type (a key is a BLOB, a row id an INTEGER).
            source.Execute($"CREATE TABLE IF NOT EXISTS {Log} (seq INTEGER PRIMARY KEY AUTOINCREMENT, table_name TEXT NOT NULL, k1 ANY, k2 ANY, k3 ANY) STRICT");
            foreach (var table in tables)
            {
                if (table.Key.Count > MaxKeyColumns)
                {
                    throw new InvalidOperationException($"{table.Name} has a key of {table.Key.Count} columns; the change log holds {MaxKeyColumns}.");
                }

                source.Execute(Trigger(table, "insert", "NEW"));
                source.Execute(Trigger(table, "delete", "OLD"));

                // An update may change the key itself (an IAM user renamed): the old key is then gone and the new one new.
                source.Execute(Trigger(table, "update", "OLD", "NEW"));
            }

            source.Commit();
            return existed;
        }
        catch
        {
            source.Rollback();
            throw;
        }
    }

    /// <summary>Drops the triggers and the log, once the move is done.</summary>
    public static void Remove(SqliteSource source, IReadOnlyList<MetadataTable> tables)
    {
        source.BeginImmediate();
        try
        {
            foreach (var table in tables)
            {
                foreach (var operation in new[] { "insert", "update", "delete" })
                {
                    source.Execute($"DROP TRIGGER IF EXISTS {TriggerName(table, operation)}");
                }
            }

            source.Execute($"DROP TABLE IF EXISTS {Log}");
            source.Commit();
        }
        catch
        {
            source.Rollback();
            throw;
        }
    }

    /// <summary>The greatest sequence number recorded so far (0 for none): in a snapshot, the last change it includes.</summary>
    public static long LastSequence(SqliteSource source) => source.Scalar($"SELECT max(seq) FROM {Log}") is long last ? last : 0;

    /// <summary>The first <paramref name="limit"/> changes after <paramref name="after"/>, in the order they were recorded.</summary>
    public static List<Change> Read(SqliteSource source, IReadOnlyDictionary<string, MetadataTable> tables, long after, int limit)
    {
        using var command = source.Command($"SELECT seq, table_name, k1, k2, k3 FROM {Log} WHERE seq > $1 ORDER BY seq LIMIT $2", after, limit);
        using var reader = command.ExecuteReader();
        var changes = new List<Change>();
        while (reader.Read())
        {
            var table = tables[reader.GetString(1)];
            var key = new object?[table.Key.Count];
            for (var i = 0; i < key.Length; i++)
            {
                key[i] = reader.IsDBNull(2 + i) ? null : reader.GetValue(2 + i);
            }

            changes.Add(new Change(reader.GetInt64(0), table.Name, key));
        }

        return changes;
    }

    /// <summary>Forgets the changes up to <paramref name="last"/>, once the target holds their rows.</summary>
    public static void Forget(SqliteSource source, long last) => source.Execute($"DELETE FROM {Log} WHERE seq <= $1", last);

    public static string TriggerName(MetadataTable table, string operation) => $"coffer_migration_{table.Name}_{operation}";

    private static string Trigger(MetadataTable table, string operation, params string[] rows)
    {
        var inserts = rows.Select(row =>
        {
            var values = Enumerable.Range(0, MaxKeyColumns).Select(i => i < table.Key.Count ? $"{row}.{table.Key[i].Source}" : "NULL");
            return $"INSERT INTO {Log} (table_name, k1, k2, k3) VALUES ('{table.Name}', {string.Join(", ", values)});";
        });
        return string.Create(
            CultureInfo.InvariantCulture,
            $"CREATE TRIGGER IF NOT EXISTS {TriggerName(table, operation)} AFTER {operation.ToUpperInvariant()} ON {table.Name} BEGIN {string.Join(" ", inserts)} END");
    }
}
