using System.Data;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>How a node connects: one pooled data source per store, with settings the store relies on.</summary>
internal static class PostgresDataSources
{
    /// <summary>
    /// The connections a node's reads (and its background jobs' short transactions) share, beside those its writers hold:
    /// enough for 32 concurrent GETs to keep the database busy, few enough that it does not run one backend per
    /// request. On two cores, 8 took GET 4 KiB at 32 clients from about 4,600 to 6,300 ops/s against Npgsql's default
    /// of 100 (docs/scale-out.md); a database on a bigger machine may want more, which the URI can ask for.
    /// </summary>
    public const int ReaderConnections = 8;

    /// <param name="writerConnections">
    /// Connections the store's writers hold for good (0: none). Unless the connection string sizes the pool itself, it
    /// gets these and <see cref="ReaderConnections"/>; a pool it sizes must leave room for reads beside them.
    /// </param>
    public static NpgsqlDataSource Create(string connectionString, int writerConnections = 0)
    {
        var builder = PostgresConnectionString.Parse(connectionString);
        if (writerConnections > 0)
        {
            // Npgsql's builder answers ContainsKey for any keyword it knows; the string it writes holds only those set.
            if (!new System.Data.Common.DbConnectionStringBuilder { ConnectionString = builder.ConnectionString }.ContainsKey("Maximum Pool Size"))
            {
                builder.MaxPoolSize = writerConnections + ReaderConnections;
            }
            else if (builder.MaxPoolSize <= writerConnections)
            {
                throw new FormatException(
                    $"The metadata URI's pool size ({builder.MaxPoolSize}) leaves no connection for reads beside the {writerConnections} " +
                    $"the writers hold; give more than {writerConnections}, or leave it out ({writerConnections + ReaderConnections}).");
            }
        }

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
    public static async Task<NpgsqlDataSource> OpenAsync(
        string connectionString, Func<NpgsqlDataSource, Task> prepare, CancellationToken cancellationToken, int writerConnections = 0)
    {
        NpgsqlDataSource dataSource;
        try
        {
            dataSource = Create(connectionString, writerConnections);
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
