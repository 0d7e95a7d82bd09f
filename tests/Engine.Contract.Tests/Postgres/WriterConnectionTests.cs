using Coffer.Engine.Postgres;
using Coffer.TestKit.Postgres;

using Npgsql;

namespace Coffer.Engine.Contract.Tests.Postgres;

/// <summary>
/// The writers' held statements (<see cref="WriterConnection"/>): they run in order with the query they go with, their
/// failure is thrown when they go, and dropped ones never run.
/// </summary>
public sealed class WriterConnectionTests : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;
    private WriterConnection? _writer;

    private WriterConnection Writer => _writer!;

    public async Task InitializeAsync()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(PostgresServer.Shared.ConnectionString(database));
        _writer = new WriterConnection(await _dataSource.OpenConnectionAsync());
        Writer.Execute("CREATE TABLE t (n integer PRIMARY KEY)");
    }

    public async Task DisposeAsync()
    {
        _writer?.Dispose();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    [Fact]
    public void Rows_AfterHeldInserts_SeesThem()
    {
        Writer.Hold("BEGIN");
        Writer.Hold(new Statement("INSERT INTO t VALUES ($1)", 1));
        Writer.Hold(new Statement("INSERT INTO t VALUES ($1)", 2));

        var rows = Writer.Rows(Numbers());

        Assert.Equal([1, 2], rows);
        Writer.Execute("COMMIT");
    }

    [Fact]
    public void Rows_OfTwoQueries_ReturnsEachQuerysRows()
    {
        Writer.Hold(new Statement("INSERT INTO t VALUES ($1), ($2)", 5, 6));

        var (all, count) = Writer.Rows(Numbers(), new Query<long>("SELECT count(*) FROM t", [], reader => reader.GetInt64(0)));

        Assert.Equal([5, 6], all);
        Assert.Equal([2L], count);
    }

    [Fact]
    public void Rows_AfterAHeldStatementFails_ThrowsItsErrorAndRunsNothingAfterIt()
    {
        Writer.Hold("BEGIN");
        Writer.Hold(new Statement("INSERT INTO t VALUES ($1)", 1));
        Writer.Hold(new Statement("INSERT INTO t VALUES ($1)", 1));
        Writer.Hold(new Statement("INSERT INTO t VALUES ($1)", 3));

        var error = Assert.Throws<PostgresException>(() => Writer.Rows(Numbers()));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Writer.Execute("ROLLBACK");
        Assert.Empty(Writer.Rows(Numbers()));
    }

    [Fact]
    public void DropSince_ForgetsOnlyWhatWasHeldAfterTheMark()
    {
        Writer.Hold(new Statement("INSERT INTO t VALUES ($1)", 1));
        var mark = Writer.Mark;
        Writer.Hold(new Statement("INSERT INTO t VALUES ($1)", 2));

        Writer.DropSince(mark);

        Assert.Equal([1], Writer.Rows(Numbers()));
    }

    [Fact]
    public void DropSince_AMarkFromBeforeAFlush_ForgetsOnlyWhatIsStillHeld()
    {
        var mark = Writer.Mark;
        Writer.Hold(new Statement("INSERT INTO t VALUES ($1)", 1));
        Writer.Flush();
        Writer.Hold(new Statement("INSERT INTO t VALUES ($1)", 2));

        Writer.DropSince(mark);

        Assert.Equal([1], Writer.Rows(Numbers()));
    }

    [Fact]
    public void Connection_SendsWhatIsHeldFirst()
    {
        Writer.Hold(new Statement("INSERT INTO t VALUES ($1)", 7));

        using var command = new NpgsqlCommand("SELECT count(*) FROM t", Writer.Connection);

        Assert.Equal(1L, command.ExecuteScalar());
    }

    private static Query<int> Numbers() => new("SELECT n FROM t ORDER BY n", [], reader => reader.GetInt32(0));
}
