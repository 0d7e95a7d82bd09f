using System.Data.Common;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// Where the identity, key service and wrapped-key rows' statements (<see cref="Sql"/>, <see cref="Query{T}"/>) run:
/// each alone on a connection of the pool (a read: one statement is one snapshot), or all on the connection of the
/// transaction that <see cref="SerializableTransactions"/> runs (a change), so that one row method serves both.
/// </summary>
internal readonly struct PostgresSession
{
    private readonly NpgsqlDataSource? _pool;
    private readonly NpgsqlConnection? _connection;

    private PostgresSession(NpgsqlDataSource? pool, NpgsqlConnection? connection)
    {
        _pool = pool;
        _connection = connection;
    }

    public static PostgresSession Pooled(NpgsqlDataSource pool) => new(pool, null);

    public static PostgresSession InTransaction(NpgsqlConnection connection) => new(null, connection);

    /// <summary>Runs a change; how many rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, object?[] values, CancellationToken cancellationToken) =>
        OnConnectionAsync(connection => Sql.ExecuteAsync(connection, sql, cancellationToken, values), cancellationToken);

    /// <summary>Runs changes in one round trip; how many rows they changed together.</summary>
    public Task<int> ExecuteBatchAsync(IEnumerable<(string Sql, object?[] Values)> statements, CancellationToken cancellationToken) =>
        OnConnectionAsync(
            async connection =>
            {
                await using var batch = new NpgsqlBatch(connection);
                foreach (var (sql, values) in statements)
                {
                    var statement = batch.CreateBatchCommand();
                    statement.CommandText = sql;
                    Sql.Bind(statement.Parameters, values);
                    batch.BatchCommands.Add(statement);
                }

                return await batch.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);

    /// <summary>The first column of the first row, which the query guarantees there is (an aggregate, an EXISTS).</summary>
    public async Task<T> ScalarAsync<T>(string sql, object?[] values, CancellationToken cancellationToken) =>
        (await ReadFirstAsync(sql, values, reader => reader.GetFieldValue<T>(0), cancellationToken))!;

    public Task<List<T>> ReadAllAsync<T>(string sql, object?[] values, Func<DbDataReader, T> read, CancellationToken cancellationToken) =>
        OnConnectionAsync(connection => new Query<T>(sql, values, read).RowsAsync(connection, cancellationToken), cancellationToken);

    /// <summary>The first row; default when there is none.</summary>
    public Task<T?> ReadFirstAsync<T>(string sql, object?[] values, Func<DbDataReader, T> read, CancellationToken cancellationToken) =>
        OnConnectionAsync(connection => new Query<T>(sql, values, read).FirstAsync(connection, cancellationToken), cancellationToken);

    private async Task<T> OnConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> run, CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return await run(_connection);
        }

        var pool = _pool!;
        return await DatabaseUnavailable.TranslateAsync(async () =>
        {
            await using var connection = await pool.OpenConnectionAsync(cancellationToken);
            return await run(connection);
        });
    }
}
