using System.Globalization;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>Brings a database up to the newest schema in <see cref="PostgresSchema"/>.</summary>
internal static class PostgresSchemaMigrator
{
    // Two nodes started together may both create the version table; the loser of that race sees a unique violation on
    // the catalog, the table, or the table's row type ("type coffer_schema already exists", 42710), and simply reads
    // what the winner made.
    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS coffer_schema (id integer NOT NULL PRIMARY KEY, version integer NOT NULL);
        INSERT INTO coffer_schema (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
        """;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await CreateVersionTableAsync(connection, cancellationToken);

        while (true)
        {
            // One step per transaction, the version row locked first: of nodes that start at once, one migrates and the
            // others then read the new version instead of applying the step twice. PostgreSQL's DDL is transactional,
            // so a step either happens whole or not at all.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var version = await ReadVersionAsync(connection, transaction, forUpdate: true, cancellationToken);
            if (version > PostgresSchema.Steps.Count)
            {
                throw new SchemaTooNewException(version, PostgresSchema.Steps.Count);
            }

            if (version == PostgresSchema.Steps.Count)
            {
                await transaction.CommitAsync(cancellationToken);
                return;
            }

            await using (var step = new NpgsqlCommand(PostgresSchema.Steps[version], connection, transaction))
            {
                await step.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var bump = new NpgsqlCommand("UPDATE coffer_schema SET version = $1 WHERE id = 1", connection, transaction))
            {
                bump.Parameters.Add(new NpgsqlParameter { Value = version + 1 });
                await bump.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The schema version the database is at; 0 when it has none yet.</summary>
    public static async Task<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT version FROM coffer_schema WHERE id = 1" + (forUpdate ? " FOR UPDATE" : ""), connection, transaction);
        var version = await command.ExecuteScalarAsync(cancellationToken);
        return version is null ? 0 : Convert.ToInt32(version, CultureInfo.InvariantCulture);
    }

    private static async Task CreateVersionTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = new NpgsqlCommand(CreateVersionTable, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            catch (PostgresException e) when (attempt < 3 && e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
            {
            }
        }
    }
}

/// <summary>The database was migrated by a newer Coffer than this one: running on would misread its rows.</summary>
public sealed class SchemaTooNewException(int version, int known) : Exception(
    $"The metadata database is at schema version {version}, newer than this build knows ({known}). Run a newer Coffer, or restore a backup.");
