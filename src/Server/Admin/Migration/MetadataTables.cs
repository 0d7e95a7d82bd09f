using Microsoft.Data.Sqlite;

using Npgsql;

namespace Coffer.Server.Admin.Migration;

/// <summary>
/// The 18 tables that hold a deployment's metadata, read from both databases and checked to agree. PostgreSQL's own
/// coordination tables (coffer_leases, coffer_changes, coffer_deployment) belong to the nodes and are not copied.
/// </summary>
internal static class MetadataTables
{
    /// <summary>Parents before children, so that every foreign key finds its row when a child is written.</summary>
    public static readonly IReadOnlyList<string> InCopyOrder =
    [
        "buckets", "bucket_settings", "object_versions", "version_blobs", "restored_blobs", "inline_blobs",
        "pending_blob_deletions", "uploads", "upload_parts", "iam_principals", "iam_access_keys", "iam_inline_policies",
        "iam_managed_policies", "iam_attachments", "iam_group_members", "kms_keys", "kms_key_material", "kms_aliases",
    ];

    // The one column the schemas do not share: PostgreSQL orders a key's versions by object_versions.seq, SQLite by the
    // row id (see PostgresSchema). SQLite gives a new row an id greater than every id in the table, so the id orders a
    // key's versions as seq does, is unique as seq must be per key, and a node's next seq (the key's greatest plus one)
    // follows on from it.
    private static readonly Dictionary<(string Table, string Column), string> DerivedColumns = new()
    {
        [("object_versions", "seq")] = "id",
    };

    /// <summary>
    /// The tables as the target defines them. Throws <see cref="MigrationRefusedException"/> when a table's columns in
    /// SQLite are not the target's (a data directory of another Coffer version).
    /// </summary>
    public static async Task<IReadOnlyList<MetadataTable>> ReadAsync(NpgsqlConnection target, SqliteConnection source, CancellationToken cancellationToken)
    {
        var columns = await TargetColumnsAsync(target, cancellationToken);
        var keys = await TargetKeysAsync(target, cancellationToken);
        var tables = new List<MetadataTable>();
        foreach (var name in InCopyOrder)
        {
            if (!columns.TryGetValue(name, out var targetColumns) || !keys.TryGetValue(name, out var key))
            {
                throw new MigrationRefusedException($"the target has no table {name}: it is not a Coffer database of this version.");
            }

            var sourceColumns = SourceColumns(source, name);
            var table = targetColumns.Select(column => column with { Source = DerivedColumns.GetValueOrDefault((name, column.Name), column.Name) }).ToList();
            var expected = table.Where(column => column.Source == column.Name).Select(column => column.Name).ToHashSet(StringComparer.Ordinal);
            if (!expected.SetEquals(sourceColumns))
            {
                var missing = string.Join(", ", expected.Except(sourceColumns).Concat(sourceColumns.Except(expected).Select(extra => extra + " (only in SQLite)")));
                throw new MigrationRefusedException(
                    $"the SQLite table {name} does not have the columns this version of Coffer expects ({missing}): " +
                    "start the server of this version once on the data directory, so it migrates the database, then migrate.");
            }

            tables.Add(new MetadataTable(name, table, [.. key.Select(k => table.Single(column => column.Name == k))]));
        }

        return tables;
    }

    private static async Task<Dictionary<string, List<TableColumn>>> TargetColumnsAsync(NpgsqlConnection target, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT table_name, column_name, udt_name FROM information_schema.columns " +
            "WHERE table_schema = current_schema() AND table_name = ANY($1) ORDER BY table_name, ordinal_position",
            target);
        return await ByTableAsync(command, reader =>
        {
            var type = reader.GetString(2) switch
            {
                "text" => ColumnType.Text,
                "int8" => ColumnType.BigInt,
                "int4" => ColumnType.Integer,
                "bool" => ColumnType.Boolean,
                "bytea" => ColumnType.Bytes,
                var other => throw new MigrationRefusedException($"the target's column {reader.GetString(0)}.{reader.GetString(1)} has type {other}, which this version of Coffer does not write."),
            };
            return new TableColumn(reader.GetString(1), type, reader.GetString(1));
        }, cancellationToken);
    }

    private static async Task<Dictionary<string, List<string>>> TargetKeysAsync(NpgsqlConnection target, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.relname, a.attname FROM pg_index i " +
            "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey) " +
            "WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1) " +
            "ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)",
            target);
        return await ByTableAsync(command, reader => reader.GetString(1), cancellationToken);
    }

    /// <summary>The rows of a catalog query over the metadata tables (the table's name first), grouped by table, in query order.</summary>
    private static async Task<Dictionary<string, List<T>>> ByTableAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = InCopyOrder.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var byTable = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = reader.GetString(0);
            if (!byTable.TryGetValue(table, out var rows))
            {
                byTable[table] = rows = [];
            }

            rows.Add(read(reader));
        }

        return byTable;
    }

    private static HashSet<string> SourceColumns(SqliteConnection source, string table)
    {
        using var command = source.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        if (names.Count == 0)
        {
            throw new MigrationRefusedException($"the SQLite database has no table {table}: start the server of this version once on the data directory, then migrate.");
        }

        return names;
    }
}
