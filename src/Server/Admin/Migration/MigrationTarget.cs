using System.Data;

using Coffer.Engine.Postgres;

using Npgsql;

namespace Coffer.Server.Admin.Migration;

/// <summary>
/// The PostgreSQL database the metadata moves into, opened as a node opens it (its schema created or migrated), and the
/// move's own state beside Coffer's tables: coffer_migration names the data directory being moved into it (by its
/// blob-directory.id, the marker nodes check their shared directory by), coffer_migration_tables the tables copied
/// whole, so that a rerun skips them.
/// </summary>
internal sealed class MigrationTarget : IAsyncDisposable
{
    private const string StateTables = """
        CREATE TABLE IF NOT EXISTS coffer_migration (
            id           integer     NOT NULL PRIMARY KEY CHECK (id = 1),
            source       text        NOT NULL,
            started_at   timestamptz NOT NULL DEFAULT now(),
            finished_at  timestamptz
        );
        CREATE TABLE IF NOT EXISTS coffer_migration_tables (
            name  text   COLLATE "C" NOT NULL PRIMARY KEY,
            rows  bigint NOT NULL
        );
        """;

    private MigrationTarget(NpgsqlDataSource dataSource)
    {
        DataSource = dataSource;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Throws <see cref="MetadataDatabaseException"/> with one line when the database cannot be used.</summary>
    public static async Task<MigrationTarget> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var dataSource = await PostgresMetadataDatabase.OpenAsync(connectionString, cancellationToken);
        try
        {
            await using var command = dataSource.CreateCommand(StateTables);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new MigrationTarget(dataSource);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Takes the database for the move of the directory <paramref name="source"/> names, or finds it taken for that move
    /// already (a rerun), and returns the tables already copied whole. Refuses, changing nothing, a database that holds
    /// another deployment: rows in a metadata table, or another directory's marker, without a move of this directory.
    /// </summary>
    public async Task<IReadOnlySet<string>> ClaimAsync(string source, IReadOnlyList<MetadataTable> tables, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Two moves into one database at once would each take it for their own directory; the lock makes one wait and
        // then see the other's claim.
        await Execute(connection, "LOCK TABLE coffer_migration IN EXCLUSIVE MODE", cancellationToken);
        var claimed = await Scalar<string>(connection, "SELECT source FROM coffer_migration WHERE id = 1", cancellationToken);
        if (claimed is not null && claimed != source)
        {
            throw new MigrationRefusedException($"the target is taking the metadata of another data directory (blob-directory.id {claimed}), not of this one ({source}).");
        }

        if (claimed is null)
        {
            foreach (var table in tables)
            {
                if (await Scalar<bool>(connection, $"SELECT EXISTS (SELECT 1 FROM {table.Name})", cancellationToken))
                {
                    throw new MigrationRefusedException($"the target already holds another deployment's metadata (its table {table.Name} has rows): give an empty database.");
                }
            }

            var marker = await Scalar<string>(connection, "SELECT blob_directory_marker FROM coffer_deployment WHERE id = 1", cancellationToken);
            if (marker is not null && marker != source)
            {
                throw new MigrationRefusedException($"the target belongs to another deployment (its nodes share the blob directory {marker}): give an empty database.");
            }

            // The directory's marker, recorded as the first node would record it: the server that switches over finds its
            // own directory named, and a node on another directory is refused.
            await Execute(connection, "INSERT INTO coffer_migration (id, source) VALUES (1, $1)", cancellationToken, source);
            await Execute(connection, "INSERT INTO coffer_deployment (id, blob_directory_marker) VALUES (1, $1) ON CONFLICT (id) DO NOTHING", cancellationToken, source);
        }

        var done = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT name FROM coffer_migration_tables", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                done.Add(reader.GetString(0));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return done;
    }

    /// <summary>Empties every table and forgets what was copied: the copies cannot be caught up (the change log is gone).</summary>
    public async Task StartOverAsync(IReadOnlyList<MetadataTable> tables, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in tables.Reverse())
        {
            await Execute(connection, $"DELETE FROM {table.Name}", cancellationToken);
        }

        await Execute(connection, "DELETE FROM coffer_migration_tables", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Copies <paramref name="rows"/> into <paramref name="table"/> with binary COPY, typed by the target's columns, and
    /// records the table as copied, all in one transaction: an interrupted copy leaves the table as it was (empty), never
    /// half full. <paramref name="copied"/> hears the running count.
    /// </summary>
    public async Task<long> CopyAsync(MetadataTable table, IEnumerable<object?[]> rows, Action<long> copied, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Empty already unless an earlier run wrote it outside this method; then it is emptied and copied again.
        await Execute(connection, $"DELETE FROM {table.Name}", cancellationToken);
        long count = 0;
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY {table.Name} ({table.TargetColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            writer.Timeout = TimeSpan.Zero;
            foreach (var row in rows)
            {
                await writer.StartRowAsync(cancellationToken);
                for (var i = 0; i < row.Length; i++)
                {
                    var column = table.Columns[i];
                    if (row[i] is null)
                    {
                        await writer.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await writer.WriteAsync(ColumnValues.ToTarget(row[i]!, column.Type), ColumnValues.DbType(column.Type), cancellationToken);
                    }
                }

                if (++count % 1000 == 0)
                {
                    copied(count);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        copied(count);
        await Execute(connection, "INSERT INTO coffer_migration_tables (name, rows) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET rows = excluded.rows", cancellationToken, table.Name, count);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>Marks the move finished, for whoever looks at the target later; the source's coffer_moved is what counts.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, "UPDATE coffer_migration SET finished_at = now() WHERE id = 1", cancellationToken);
    }

    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) => await DataSource.OpenConnectionAsync(cancellationToken);

    public static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T?> Scalar<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken) is T value ? value : default;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    /// <summary>For a reader of a whole table: one REPEATABLE READ snapshot.</summary>
    public static Task<NpgsqlTransaction> BeginSnapshotAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).AsTask();
}
