using Coffer.Engine.Sqlite;
using Coffer.TestKit;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Contract.Tests.Sqlite;

/// <summary>
/// Group commit on a table of its own. Each test first parks the writer thread inside a unit of work, so that the
/// writes queued meanwhile are taken together as one group when it is let go.
/// </summary>
public sealed class GroupCommitWriterTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();
    private readonly GroupCommitWriter _writer;
    private readonly ManualResetEventSlim _release = new();
    private readonly SemaphoreSlim _parked = new(0);

    public GroupCommitWriterTests()
    {
        var session = SqliteConnections.OpenWriter(DatabasePath);
        using (var command = session.Connection.CreateCommand())
        {
            // The child table's deferred foreign key lets a test make COMMIT itself fail.
            command.CommandText =
                "CREATE TABLE items (name TEXT PRIMARY KEY);" +
                "CREATE TABLE children (name TEXT REFERENCES items (name) DEFERRABLE INITIALLY DEFERRED);";
            command.ExecuteNonQuery();
        }

        _writer = new GroupCommitWriter(session);
    }

    private string DatabasePath => Path.Combine(_directory.Path, "group.db");

    public async ValueTask DisposeAsync()
    {
        _release.Set();
        await _writer.StopAsync();
        _release.Dispose();
        _parked.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task EnqueueAsync_WritesQueuedTogether_ShareOneTransaction()
    {
        var blocker = await ParkWriterAsync();
        var first = Insert("first");

        // Runs after "first" in the same group: the row is there for the writer, but not yet for anyone else.
        var visibility = _writer.EnqueueAsync(
            session => (Mine: Exists(session, "first"), Others: CountOutside("first")),
            static _ => true,
            CancellationToken.None);
        _release.Set();
        await Task.WhenAll(blocker, first);

        Assert.Equal((true, 0L), await visibility);
        Assert.Equal(1L, CountOutside("first"));
    }

    [Fact]
    public async Task EnqueueAsync_OneWorkThrows_OthersInItsGroupStillCommit()
    {
        var failing = await BetweenTwoCommittedInsertsAsync<bool>(
            session =>
            {
                InsertRow(session, "half-done");
                throw new InvalidDataException("work failed");
            },
            static _ => true);

        await Assert.ThrowsAsync<InvalidDataException>(() => failing);
        Assert.Equal(0L, CountOutside("half-done"));
    }

    [Fact]
    public async Task EnqueueAsync_CommitPredicateRefuses_OnlyThatWorkIsRolledBack()
    {
        var refused = await BetweenTwoCommittedInsertsAsync(
            session =>
            {
                InsertRow(session, "refused");
                return "no";
            },
            static status => status == "yes");

        Assert.Equal("no", await refused);
        Assert.Equal(0L, CountOutside("refused"));
    }

    [Fact]
    public async Task EnqueueAsync_SameKeyTwiceInOneGroup_SecondSeesTheFirst()
    {
        var blocker = await ParkWriterAsync();
        var first = InsertIfAbsent("key");
        var second = InsertIfAbsent("key");
        _release.Set();
        await blocker;

        Assert.True(await first);
        Assert.False(await second);
        Assert.Equal(1L, CountOutside("key"));
    }

    [Fact]
    public async Task EnqueueAsync_CommitFails_EveryWorkInTheGroupFails()
    {
        var blocker = await ParkWriterAsync();
        var good = Insert("good");

        // Accepted by its statement, refused at COMMIT by the deferred foreign key: the whole group goes.
        var orphan = _writer.EnqueueAsync(
            session =>
            {
                var command = session.Command("INSERT INTO children (name) VALUES ('no such item');");
                command.ExecuteNonQuery();
                return true;
            },
            static _ => true,
            CancellationToken.None);
        _release.Set();

        await Assert.ThrowsAsync<SqliteException>(() => good);
        await Assert.ThrowsAsync<SqliteException>(() => orphan);
        Assert.True(await blocker, "The parking unit ran in a group of its own, which committed.");
        Assert.Equal(0L, CountOutside("good"));

        // The connection is usable afterwards.
        await Insert("later");
        Assert.Equal(1L, CountOutside("later"));
    }

    [Fact]
    public async Task EnqueueAsync_WorkThatCostsTheWholeTransaction_FailsItsPredecessorsAndNotItsSuccessors()
    {
        var blocker = await ParkWriterAsync();
        var before = Insert("before");

        // Stands for SQLITE_FULL or SQLITE_IOERR, after which SQLite itself rolls the whole transaction back.
        var loser = _writer.EnqueueAsync<bool>(
            session =>
            {
                session.Command("ROLLBACK;").ExecuteNonQuery();
                throw new IOException("disk trouble");
            },
            static _ => true,
            CancellationToken.None);
        var after = Insert("after");
        _release.Set();
        await blocker;

        var lost = await Assert.ThrowsAsync<InvalidOperationException>(() => before);
        Assert.IsType<IOException>(lost.InnerException);
        await Assert.ThrowsAsync<IOException>(() => loser);
        Assert.True(await after);
        Assert.Equal(0L, CountOutside("before"));
        Assert.Equal(1L, CountOutside("after"));
    }

    [Fact]
    public async Task EnqueueAsync_CancelledWhileQueued_IsSkipped()
    {
        var blocker = await ParkWriterAsync();
        using var cancellation = new CancellationTokenSource();
        var cancelled = _writer.EnqueueAsync(
            session =>
            {
                InsertRow(session, "cancelled");
                return true;
            },
            static _ => true,
            cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        _release.Set();
        await blocker;
        Assert.Equal(0L, CountOutside("cancelled"));
    }

    [Fact]
    public async Task StopAsync_WithWritesQueued_CommitsThemThenRefusesNewOnes()
    {
        var blocker = await ParkWriterAsync();
        var queued = Enumerable.Range(0, 20).Select(i => Insert($"queued-{i}")).ToList();
        var stopped = _writer.StopAsync();
        _release.Set();

        await stopped.WaitAsync(Patience);
        await Task.WhenAll(queued);
        await blocker;
        Assert.Equal(20L, CountOutside("queued-%"));
        Assert.Throws<ObjectDisposedException>(() => { _ = Insert("too late"); });
    }

    [Fact]
    public async Task EnqueueAsync_ManyConcurrentWrites_AllCommit()
    {
        var writes = Enumerable.Range(0, 1000).Select(i => Task.Run(() => Insert($"concurrent-{i}")));

        await Task.WhenAll(writes).WaitAsync(Patience);

        Assert.Equal(1000L, CountOutside("concurrent-%"));
    }

    /// <summary>Queues a unit that holds the writer thread until <see cref="_release"/> is set; returns once it runs.</summary>
    private async Task<Task<bool>> ParkWriterAsync()
    {
        var blocker = _writer.EnqueueAsync(
            session =>
            {
                _parked.Release();
                return _release.Wait(Patience);
            },
            static _ => true,
            CancellationToken.None);
        Assert.True(await _parked.WaitAsync(Patience), "The writer thread never ran the parking unit.");
        return blocker;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one group between two plain inserts, "before" and "after", checks that both
    /// of those committed, and returns the work's task.
    /// </summary>
    private async Task<Task<T>> BetweenTwoCommittedInsertsAsync<T>(Func<SqliteSession, T> work, Func<T, bool> commit)
    {
        var blocker = await ParkWriterAsync();
        var before = Insert("before");
        var middle = _writer.EnqueueAsync(work, commit, CancellationToken.None);
        var after = Insert("after");
        _release.Set();

        await Task.WhenAll(blocker, before, after);
        Assert.Equal(1L, CountOutside("before"));
        Assert.Equal(1L, CountOutside("after"));
        return middle;
    }

    private Task<bool> Insert(string name) =>
        _writer.EnqueueAsync(
            session =>
            {
                InsertRow(session, name);
                return true;
            },
            static _ => true,
            CancellationToken.None);

    private Task<bool> InsertIfAbsent(string name) =>
        _writer.EnqueueAsync(
            session =>
            {
                if (Exists(session, name))
                {
                    return false;
                }

                InsertRow(session, name);
                return true;
            },
            static _ => true,
            CancellationToken.None);

    private static void InsertRow(SqliteSession session, string name)
    {
        var command = session.Command("INSERT INTO items (name) VALUES ($name);");
        command.Parameters.AddWithValue("$name", name);
        command.ExecuteNonQuery();
    }

    private static bool Exists(SqliteSession session, string name)
    {
        var command = session.Command("SELECT EXISTS (SELECT 1 FROM items WHERE name = $name);");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteBoolean();
    }

    /// <summary>Rows whose name is like <paramref name="pattern"/>, as a separate connection sees them (committed only).</summary>
    private long CountOutside(string pattern)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM items WHERE name LIKE $pattern;";
        command.Parameters.AddWithValue("$pattern", pattern);
        return (long)command.ExecuteScalar()!;
    }
}
