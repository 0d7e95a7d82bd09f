using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// Statements with positional parameters (<c>$1</c>, <c>$2</c>...), bound from a plain array of values (null: SQL NULL).
/// Npgsql sends a null with no type as "unknown", so PostgreSQL takes its type from where it stands (the column it goes
/// into, the value it is compared with). A statement runs in whatever transaction its connection is in: the writers begin
/// and end theirs with SQL of their own (savepoints included), the readers use Npgsql's.
/// </summary>
internal static class Sql
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, string text, IReadOnlyList<object?> values)
    {
        var command = new NpgsqlCommand(text, connection);
        Bind(command.Parameters, values);
        return command;
    }

    /// <summary>The values as the positional parameters of a command, or of one statement of a batch.</summary>
    public static void Bind(NpgsqlParameterCollection parameters, IEnumerable<object?> values)
    {
        foreach (var value in values)
        {
            parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }

    /// <summary>Runs a change on a writer's connection; returns how many rows it touched.</summary>
    public static int Execute(NpgsqlConnection connection, string text, params object?[] values)
    {
        using var command = Command(connection, text, values);
        return command.ExecuteNonQuery();
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string text, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(connection, text, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// A statement with its values, as one value: run at once, or held by a <see cref="WriterConnection"/> and sent with
/// the next statement that returns rows.
/// </summary>
internal sealed record Statement(string Text, params object?[] Values)
{
    public int Execute(NpgsqlConnection connection) => Sql.Execute(connection, Text, Values);

    public NpgsqlBatchCommand ToBatchCommand()
    {
        var command = new NpgsqlBatchCommand(Text);
        Sql.Bind(command.Parameters, Values);
        return command;
    }
}

/// <summary>
/// A query and how to read one of its rows, written once and run either on a writer's thread (synchronously, inside a
/// key transaction) or by a reader (asynchronously, on a pooled connection).
/// </summary>
internal sealed class Query<T>(string text, object?[] values, Func<NpgsqlDataReader, T> read)
{
    public Statement Statement { get; } = new(text, values);

    public T Read(NpgsqlDataReader reader) => read(reader);

    public List<T> Rows(NpgsqlConnection connection)
    {
        using var command = Sql.Command(connection, text, values);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public async Task<List<T>> RowsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, text, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>The first row; default when there is none.</summary>
    public T? First(NpgsqlConnection connection) => Rows(connection) is [var first, ..] ? first : default;

    public async Task<T?> FirstAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await RowsAsync(connection, cancellationToken) is [var first, ..] ? first : default;
}
