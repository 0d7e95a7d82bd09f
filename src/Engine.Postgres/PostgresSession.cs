using System.Data.Common;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// Where the row classes' statements run: alone on a pooled connection (a read: one statement is one snapshot), or on
/// the connection of a transaction that <see cref="SerializableTransactions"/> runs (a change). Parameters are
/// positional (<c>$1</c>, <c>$2</c>, …) in the order given; a null is SQL NULL.
/// </summary>
internal readonly struct PostgresSession
{
    private readonly NpgsqlDataSource? _pool;
    private readonly NpgsqlConnection? _connection;
    private readonly NpgsqlTransaction? _transaction;

    private PostgresSession(NpgsqlDataSource? pool, NpgsqlConnection? connection, NpgsqlTransaction? transaction)
    {
        _pool = pool;
        _connection = connection;
        _transaction = transaction;
    }

    public static PostgresSession Pooled(NpgsqlDataSource pool) => new(pool, null, null);

    public static PostgresSession InTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) => new(null, connection, transaction);

    /// <summary>A command for the caller to run and dispose.</summary>
    private NpgsqlCommand Command(string sql, IEnumerable<object?> values)
    {
        var command = _pool is not null ? _pool.CreateCommand(sql) : new NpgsqlCommand(sql, _connection, _transaction);
        command.Parameters.AddRange(values.Select(Parameter).ToArray());
        return command;
    }

    /// <summary>Runs a change; how many rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, object?[] values, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs changes in one round trip; how many rows they changed together.</summary>
    public async Task<int> ExecuteBatchAsync(IEnumerable<(string Sql, object?[] Values)> statements, CancellationToken cancellationToken)
    {
        await using var batch = _pool is not null ? _pool.CreateBatch() : new NpgsqlBatch(_connection, _transaction);
        foreach (var (sql, values) in statements)
        {
            var statement = batch.CreateBatchCommand();
            statement.CommandText = sql;
            statement.Parameters.AddRange(values.Select(Parameter).ToArray());
            batch.BatchCommands.Add(statement);
        }

        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The first column of the first row, which the query guarantees there is (an aggregate, an EXISTS).</summary>
    public async Task<T> ScalarAsync<T>(string sql, object?[] values, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, values);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<List<T>> ReadAllAsync<T>(string sql, object?[] values, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public async Task<T?> ReadFirstAsync<T>(string sql, object?[] values, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class =>
        (await ReadAllAsync(sql, values, read, cancellationToken)).FirstOrDefault();

    private static NpgsqlParameter Parameter(object? value) => new() { Value = value ?? DBNull.Value };
}
