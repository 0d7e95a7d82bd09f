using System.Data;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>How a node connects: one pooled data source per store, with settings the store relies on.</summary>
internal static class PostgresDataSources
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = PostgresConnectionString.Parse(connectionString);

        // No distributed transactions; the store manages its own.
        builder.Enlist = false;

        // A node that loses the database should say so quickly (503) rather than hold requests for Npgsql's default
        // 15 seconds; a user's own setting wins.
        if (!builder.ContainsKey("Timeout") || builder.Timeout == 15)
        {
            builder.Timeout = 5;
        }

        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "coffer";
        }

        // The store sets no session state (every transaction names its isolation level), so a pooled connection needs no
        // reset when it goes back to the pool; and its statements are few and repeated, so they are prepared once per
        // connection rather than parsed and planned on every call. Both cut the database's work per request.
        builder.NoResetOnClose = true;
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 256;
            builder.AutoPrepareMinUsages = 2;
        }

        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>
    /// A data source for <paramref name="connectionString"/> once <paramref name="prepare"/> has run on it (a migration, a
    /// check of the schema); when that fails, the source is disposed and the failure, where it is about the database,
    /// becomes a <see cref="MetadataDatabaseException"/> of one line a user can act on.
    /// </summary>
    public static async Task<NpgsqlDataSource> OpenAsync(string connectionString, Func<NpgsqlDataSource, Task> prepare, CancellationToken cancellationToken)
    {
        NpgsqlDataSource dataSource;
        try
        {
            dataSource = Create(connectionString);
        }
        catch (FormatException e)
        {
            throw new MetadataDatabaseException(e.Message, e);
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await prepare(dataSource);
            return dataSource;
        }
        catch (Exception e) when (MetadataDatabaseException.Explain(e) is { } explained)
        {
            await dataSource.DisposeAsync();
            throw explained;
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <summary>Several statements that must see one snapshot: one REPEATABLE READ READ ONLY transaction, which never waits for a writer.</summary>
    public static Task<T> ReadSnapshotAsync<T>(this NpgsqlDataSource dataSource, Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken) =>
        DatabaseUnavailable.TranslateAsync(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            await Sql.ExecuteAsync(connection, "SET TRANSACTION READ ONLY", cancellationToken);
            var result = await read(connection);
            await transaction.CommitAsync(cancellationToken);
            return result;
        });
}
