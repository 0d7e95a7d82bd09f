using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// A writer's connection that holds back the statements whose results nobody reads (BEGIN, savepoints, a version's
/// insert or delete) and sends them with the next statement that returns rows, or with the COMMIT, in one round trip
/// (an <see cref="NpgsqlBatch"/>). On two cores a PUT's commit was mostly round trips: each cost the node a send, a
/// blocking receive and two thread switches, and the database as much again (docs/scale-out.md).
/// <para>
/// A held statement's failure (a race's unique violation, say) is thrown when it is sent, so the writer sends what a
/// write holds before it decides that write's fate (<see cref="PostgresWriters"/>): a failure is never charged to
/// another write. Code written against the plain connection gets it through <see cref="Connection"/>, with everything
/// held sent first, so it always runs after the statements before it.
/// </para>
/// </summary>
internal sealed class WriterConnection(NpgsqlConnection connection) : IDisposable
{
    private readonly List<Statement> _held = [];

    // How many statements have been sent (or dropped) since the connection opened: a mark counts from here.
    private long _gone;

    /// <summary>The connection, once every held statement has gone.</summary>
    public NpgsqlConnection Connection
    {
        get
        {
            Flush();
            return connection;
        }
    }

    /// <summary>Where the held statements end now: what <see cref="DropSince"/> takes.</summary>
    public long Mark => _gone + _held.Count;

    /// <summary>Holds a statement that returns no rows (a held statement's rows would be taken for a query's).</summary>
    public void Hold(Statement statement) => _held.Add(statement);

    public void Hold(string text) => _held.Add(new Statement(text));

    /// <summary>Forgets, unsent, the statements held since <paramref name="mark"/> (those before it may have gone since).</summary>
    public void DropSince(long mark)
    {
        var first = (int)Math.Max(0, mark - _gone);
        _gone += _held.Count - first;
        _held.RemoveRange(first, _held.Count - first);
    }

    /// <summary>Forgets every held statement, unsent.</summary>
    public void DropAll() => DropSince(0);

    /// <summary>Sends every held statement, if any.</summary>
    public void Flush()
    {
        if (_held.Count > 0)
        {
            using var batch = TakeHeld();
            batch.ExecuteNonQuery();
        }
    }

    /// <summary>Sends what is held, then <paramref name="text"/>, in one round trip.</summary>
    public void Execute(string text)
    {
        Hold(text);
        Flush();
    }

    /// <summary>Sends what is held, then the query, in one round trip; returns the query's rows.</summary>
    public List<T> Rows<T>(Query<T> query)
    {
        var rows = new List<T>();
        Send([query.Statement], (_, reader) => rows.Add(query.Read(reader)));
        return rows;
    }

    public T? First<T>(Query<T> query) => Rows(query) is [var first, ..] ? first : default;

    /// <summary>Sends what is held, then both queries, in one round trip; returns each query's rows.</summary>
    public (List<TFirst> First, List<TSecond> Second) Rows<TFirst, TSecond>(Query<TFirst> first, Query<TSecond> second)
    {
        var (firstRows, secondRows) = (new List<TFirst>(), new List<TSecond>());
        Send(
            [first.Statement, second.Statement],
            (index, reader) =>
            {
                if (index == 0)
                {
                    firstRows.Add(first.Read(reader));
                }
                else
                {
                    secondRows.Add(second.Read(reader));
                }
            });
        return (firstRows, secondRows);
    }

    public void Dispose() => connection.Dispose();

    /// <summary>
    /// One round trip: the held statements, then <paramref name="queries"/>, each row of query i given to
    /// <paramref name="read"/> with i. Npgsql's reader passes over the statements that return no rows, and throws the
    /// first statement's failure when it reaches it; the database skips everything after a failure.
    /// </summary>
    private void Send(IReadOnlyList<Statement> queries, Action<int, NpgsqlDataReader> read)
    {
        using var batch = TakeHeld();
        foreach (var query in queries)
        {
            batch.BatchCommands.Add(query.ToBatchCommand());
        }

        using var reader = batch.ExecuteReader();
        for (var index = 0; index < queries.Count; index++)
        {
            if (index > 0 && !reader.NextResult())
            {
                throw new InvalidOperationException($"The batch returned {index} result sets, not {queries.Count}.");
            }

            while (reader.Read())
            {
                read(index, reader);
            }
        }
    }

    /// <summary>A batch of the held statements, which are no longer held: a failed batch leaves the transaction aborted.</summary>
    private NpgsqlBatch TakeHeld()
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var statement in _held)
        {
            batch.BatchCommands.Add(statement.ToBatchCommand());
        }

        _gone += _held.Count;
        _held.Clear();
        return batch;
    }
}
