using System.Collections.Concurrent;

using Coffer.Engine.Errors;
using Coffer.Engine.Storage;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// The store's writers: a few dedicated threads, each with a connection of its own, taking writes from one queue.
/// IKeyTransaction is synchronous (the engine's rules run inside it), so its statements use Npgsql's synchronous API, on
/// threads of their own rather than the thread pool's, which they would otherwise hold for every round trip.
/// <para>
/// Group commit, as on SQLite: a writer takes what is queued at that moment (up to <see cref="MaxGroup"/>) and runs it in
/// one REPEATABLE READ transaction, each write under a SAVEPOINT of its own, with one COMMIT (one WAL flush) for all. A write
/// that throws, or whose result its caller's predicate refuses, is rolled back to its savepoint alone. Results are given
/// only once COMMIT has returned. The transaction's own statements ride with the writes' (<see cref="WriterConnection"/>):
/// BEGIN goes with the first write's first query, a savepoint with the next one, and the last write's held rows with the
/// COMMIT.
/// </para>
/// <para>
/// When the database aborts the transaction for a serialization failure or a deadlock (another node's transaction, or a
/// neighbour's), or a unique or foreign key violation that a concurrent commit caused, the writer runs the whole group
/// again from the start, after <see cref="SerializableTransactions.Backoff"/>: the works are functions of what the key
/// transaction reads, so a new run decides afresh on what is now committed. A group that keeps failing is split, one
/// write per transaction.
/// </para>
/// <para>
/// REPEATABLE READ rather than SERIALIZABLE: PostgreSQL's serializable predicate locks cover whole index pages, so writes
/// of different keys that share a page aborted each other (more than a quarter of all transactions at 32 small PUTs at
/// once; docs/scale-out.md). A single snapshot is enough because every rule a key transaction applies writes the rows it
/// decided on: whoever replaces a key's current version updates or deletes that row, so two of them write the same row
/// and the second is aborted; two new latest versions of one key collide on object_versions_latest and
/// object_versions_by_key; a write into a bucket being deleted, or a part into an upload being completed or aborted,
/// collides through its foreign key; and sharing or releasing a blob updates the rows that reference it
/// (<see cref="BlobReferences"/>). The metadata contract's races (tests/Engine.Contract.Tests) hold it to that.
/// </para>
/// </summary>
internal sealed class PostgresWriters : IAsyncDisposable
{
    public const int DefaultThreads = 8;

    /// <summary>
    /// The most writes one transaction holds: a bigger group is likelier to collide with another writer's, and a
    /// collision runs the whole group again.
    /// </summary>
    public const int MaxGroup = 64;

    // The constraints a concurrent insert of the same key (or a drawn row id already taken) violates; a new run of the
    // work sees the row that won and decides on it.
    private static readonly HashSet<string> RacedConstraints = new(StringComparer.Ordinal)
    {
        "object_versions_pkey", "object_versions_latest", "object_versions_by_version", "object_versions_by_key", "uploads_pkey",
    };

    private readonly NpgsqlDataSource _dataSource;
    private readonly BlockingCollection<PendingWrite<WriterConnection>> _queue = new(new ConcurrentQueue<PendingWrite<WriterConnection>>());
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;

    public PostgresWriters(NpgsqlDataSource dataSource, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _dataSource = dataSource;
        _running = threads;
        for (var i = 0; i < threads; i++)
        {
            new Thread(Run) { IsBackground = true, Name = $"Coffer PostgreSQL writer {i + 1}" }.Start();
        }
    }

    /// <summary>
    /// Queues <paramref name="work"/> and returns its result once its transaction has committed (the result comes even
    /// when <paramref name="keep"/> refused it and its changes were rolled back). The work may run more than once; only
    /// the last run counts. Cancellation applies only while it waits in the queue.
    /// </summary>
    public Task<T> EnqueueAsync<T>(Func<WriterConnection, T> work, Func<T, bool> keep, CancellationToken cancellationToken)
    {
        var write = new PendingWrite<WriterConnection, T>(work, keep, cancellationToken);
        try
        {
            _queue.Add(write, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(PostgresMetadataStore));
        }

        return write.Task;
    }

    /// <summary>Refuses new writes, lets the threads commit what is queued, and completes once their connections are closed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.CompleteAdding();
        await _stopped.Task;
        _queue.Dispose();
    }

    private void Run()
    {
        WriterConnection? connection = null;
        var group = new List<PendingWrite<WriterConnection>>(MaxGroup);
        try
        {
            while (TakeGroup(group))
            {
                Commit(ref connection, group);
                group.Clear();
            }
        }
        finally
        {
            connection?.Dispose();
            if (Interlocked.Decrement(ref _running) == 0)
            {
                _stopped.TrySetResult();
            }
        }
    }

    /// <summary>Waits for a write, then takes what else is queued, up to <see cref="MaxGroup"/>; false once stopped and drained.</summary>
    private bool TakeGroup(List<PendingWrite<WriterConnection>> group)
    {
        while (group.Count == 0)
        {
            if (!_queue.TryTake(out var first, Timeout.Infinite))
            {
                return false;
            }

            // A write whose caller cancelled while it queued is dropped here, before it can run.
            if (first.TryStart())
            {
                group.Add(first);
            }
        }

        while (group.Count < MaxGroup && _queue.TryTake(out var next))
        {
            if (next.TryStart())
            {
                group.Add(next);
            }
        }

        return true;
    }

    /// <summary>Commits the group, running it again while the database aborts it for a race, then one write at a time.</summary>
    private void Commit(ref WriterConnection? connection, List<PendingWrite<WriterConnection>> group)
    {
        Exception? raced = null;
        for (var attempt = 1; attempt <= SerializableTransactions.MaxAttempts; attempt++)
        {
            try
            {
                connection ??= new WriterConnection(_dataSource.OpenConnection());
                RunInTransaction(connection, group);
                group.ForEach(write => write.Settle());
                return;
            }
            catch (Exception e) when (IsRace(e))
            {
                raced = e;
                Rollback(ref connection);
                Thread.Sleep(SerializableTransactions.Backoff(attempt));
            }
            catch (Exception e)
            {
                // The COMMIT or a savepoint failed, or the connection broke: nothing of the group stays.
                Rollback(ref connection);
                group.ForEach(write => write.Fail(DatabaseUnavailable.Translate(e)));
                return;
            }
        }

        if (group.Count == 1)
        {
            group[0].Fail(Contention(raced!));
            return;
        }

        foreach (var write in group)
        {
            Commit(ref connection, [write]);
        }
    }

    private static void RunInTransaction(WriterConnection connection, List<PendingWrite<WriterConnection>> group)
    {
        // Each write runs under a savepoint of its own, held to go with the write's first statement; COMMIT releases the
        // last one. A group of one needs none: its failure rolls back the whole transaction, which holds nothing else.
        var savepoints = group.Count > 1;
        connection.Hold("BEGIN ISOLATION LEVEL REPEATABLE READ");
        for (var i = 0; i < group.Count; i++)
        {
            var write = group[i];
            if (savepoints)
            {
                if (i > 0)
                {
                    connection.Hold("RELEASE SAVEPOINT unit_of_work");
                }

                connection.Hold("SAVEPOINT unit_of_work");
            }

            var mark = connection.Mark;
            bool keep;
            try
            {
                keep = write.Run(connection);

                // What the write still holds fails, if it does, as this write's; a group of one sends it with the COMMIT,
                // whose failure is the whole group's anyway.
                if (keep && savepoints)
                {
                    connection.Flush();
                }
            }
            catch (Exception e) when (!IsRace(e))
            {
                write.RecordFailure(e);
                keep = false;
            }

            if (!keep)
            {
                // What it held never goes (the mark is past its savepoint, when that was still held too); what it sent is
                // undone. Also what recovers the transaction after a failed statement: PostgreSQL refuses every statement
                // after an error until the transaction rolls back to a savepoint from before it.
                connection.DropSince(mark);
                if (!savepoints)
                {
                    connection.Execute("ROLLBACK");
                    return;
                }

                connection.Hold("ROLLBACK TO SAVEPOINT unit_of_work");
            }
        }

        connection.Execute("COMMIT");
    }

    /// <summary>Ends whatever transaction is left; a connection that cannot is broken, and the next group opens another.</summary>
    private static void Rollback(ref WriterConnection? connection)
    {
        if (connection is null)
        {
            return;
        }

        try
        {
            connection.DropAll();
            connection.Execute("ROLLBACK");
        }
        catch (Exception)
        {
            connection.Dispose();
            connection = null;
        }
    }

    /// <summary>A write the database kept aborting for races, every retry spent: SlowDown for the client, which retries it later.</summary>
    public static EngineException Contention(Exception raced) =>
        new(EngineError.WriteContention, "The metadata database aborted the write for concurrent writes too many times: " + raced.Message, raced);

    /// <summary>True when the database aborted the work for what a concurrent transaction did, so that a new run may succeed.</summary>
    public static bool IsRace(Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is PostgresException postgres
                && (SerializableTransactions.IsRetryable(postgres)
                    || postgres.SqlState == PostgresErrorCodes.ForeignKeyViolation
                    || (postgres.SqlState == PostgresErrorCodes.UniqueViolation && RacedConstraints.Contains(postgres.ConstraintName ?? ""))))
            {
                return true;
            }
        }

        return false;
    }
}
