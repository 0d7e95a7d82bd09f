using Coffer.Engine.Storage;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// The store's one writer connection, driven by one dedicated thread that commits queued writes in groups: it takes
/// everything waiting (up to <see cref="MaxBatch"/>), runs each unit of work in order inside one <c>BEGIN IMMEDIATE</c>
/// transaction, each under its own <c>SAVEPOINT</c>, and commits once. With <c>synchronous=FULL</c> every COMMIT
/// waits for a WAL fsync, so serial commits cap writes near the disk's fsync rate whatever the concurrency; a group
/// shares one fsync. Nothing waits for company: a lone write is taken and committed as soon as it arrives, and
/// groups form only from writes that queued while the previous COMMIT was syncing.
/// </summary>
/// <remarks>
/// Each unit of work sees the changes of those before it in its group, exactly as if they had committed one after
/// another. A unit that throws, or whose commit predicate refuses its result, is rolled back to its savepoint and
/// leaves its group-mates' changes alone. Callers learn their result only once the COMMIT is durable; if the COMMIT
/// fails, every unit in the group fails with its exception.
/// </remarks>
internal sealed class GroupCommitWriter
{
    /// <summary>
    /// An upper bound on one transaction: it bounds how long the first caller of a full queue waits for the last
    /// unit of its group, and how much one failed COMMIT takes down. At 256 a group's fsync costs under 4 µs a write.
    /// </summary>
    public const int MaxBatch = 256;

    private readonly SqliteSession _session;
    private readonly Queue<PendingWrite<SqliteSession>> _queue = new();
    // A plain object, not a Lock: the thread sleeps on it with Monitor.Wait, which Lock does not offer.
    private readonly object _gate = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;

    public GroupCommitWriter(SqliteSession session)
    {
        _session = session;

        // A thread of its own: Microsoft.Data.Sqlite is synchronous and COMMIT blocks on fsync, which would otherwise
        // hold a thread-pool thread for most of its life under write load.
        var thread = new Thread(Run) { IsBackground = true, Name = "Coffer SQLite writer" };
        thread.Start();
    }

    /// <summary>
    /// Queues <paramref name="work"/> and returns its result once its group has committed (the result is returned
    /// even when <paramref name="commit"/> refused it and its changes were rolled back). Cancellation applies only
    /// while the work waits in the queue. Throws <see cref="ObjectDisposedException"/> once the writer is stopping.
    /// </summary>
    public Task<T> EnqueueAsync<T>(Func<SqliteSession, T> work, Func<T, bool> commit, CancellationToken cancellationToken)
    {
        var write = new PendingWrite<SqliteSession, T>(work, commit, cancellationToken);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(SqliteMetadataStore));
            _queue.Enqueue(write);
            Monitor.Pulse(_gate);
        }

        return write.Task;
    }

    /// <summary>
    /// Refuses new work, lets the thread commit everything already queued, then closes the connection. Completes
    /// when the connection is closed.
    /// </summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.Pulse(_gate);
        }

        return _stopped.Task;
    }

    private void Run()
    {
        var batch = new List<PendingWrite<SqliteSession>>(MaxBatch);
        try
        {
            while (TakeBatch(batch))
            {
                var next = 0;
                while (next < batch.Count)
                {
                    next = CommitFrom(batch, next);
                }

                batch.Clear();
            }
        }
        catch (Exception failure)
        {
            // A bug, or a connection SQLite can no longer roll back: no write can be trusted to this connection any
            // more. Refuse new ones and fail every caller still waiting, rather than leave them waiting for ever.
            FailEverything(batch, failure);
        }
        finally
        {
            _session.Dispose();
            _stopped.TrySetResult();
        }
    }

    private void FailEverything(List<PendingWrite<SqliteSession>> batch, Exception failure)
    {
        var stranded = new List<PendingWrite<SqliteSession>>(batch);
        lock (_gate)
        {
            _closed = true;
            stranded.AddRange(_queue);
            _queue.Clear();
        }

        FailRange(stranded, 0, stranded.Count, new InvalidOperationException("The SQLite writer stopped after an unexpected failure.", failure));
    }

    /// <summary>Waits for work, then moves up to <see cref="MaxBatch"/> claimed writes into <paramref name="batch"/>; false once stopped and drained.</summary>
    private bool TakeBatch(List<PendingWrite<SqliteSession>> batch)
    {
        lock (_gate)
        {
            while (true)
            {
                while (batch.Count < MaxBatch && _queue.TryDequeue(out var write))
                {
                    // A write whose caller cancelled while it queued is dropped here, before it can run.
                    if (write.TryStart())
                    {
                        batch.Add(write);
                    }
                }

                if (batch.Count > 0)
                {
                    return true;
                }

                if (_closed)
                {
                    return false;
                }

                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="batch"/> from <paramref name="first"/> in one transaction and settles what it ran. Returns
    /// where the next transaction should start: the end, unless SQLite abandoned this transaction part-way.
    /// </summary>
    private int CommitFrom(List<PendingWrite<SqliteSession>> batch, int first)
    {
        SqliteTransaction transaction;
        try
        {
            // IMMEDIATE takes the write lock at BEGIN. A deferred transaction would take it at its first write, after
            // its reads, and could then fail with SQLITE_BUSY when another process wrote in between, instead of
            // waiting its turn.
            transaction = _session.Connection.BeginTransaction(deferred: false);
        }
        catch (Exception failure)
        {
            FailRange(batch, first, batch.Count, failure);
            return batch.Count;
        }

        var end = first;
        try
        {
            _session.Transaction = transaction;
            for (; end < batch.Count; end++)
            {
                if (RunInSavepoint(batch[end]) is { } lostBy)
                {
                    // Errors such as SQLITE_FULL, SQLITE_IOERR or SQLITE_BUSY make SQLite roll the whole transaction
                    // back, taking the earlier units' changes with it. Those units (and this one) fail; the rest get
                    // a fresh transaction rather than share a fate that is not theirs.
                    var lost = new InvalidOperationException("SQLite rolled back the write transaction after another write in it failed.", lostBy);
                    FailRange(batch, first, end + 1, lost);
                    return end + 1;
                }
            }

            transaction.Commit();
        }
        catch (Exception failure)
        {
            // A savepoint statement or the COMMIT failed: nothing of this transaction stays. When it was the COMMIT,
            // end is the batch's end and every unit fails; otherwise the units after the failed one go on afresh.
            var next = Math.Min(end + 1, batch.Count);
            FailRange(batch, first, next, failure);
            return next;
        }
        finally
        {
            _session.Transaction = null;
            transaction.Dispose();
        }

        for (var i = first; i < end; i++)
        {
            batch[i].Settle();
        }

        return end;
    }

    /// <summary>
    /// Runs one unit under a savepoint, keeping or undoing its changes as its commit predicate (or its exception)
    /// says. Returns the unit's exception when that cost the whole transaction, otherwise null.
    /// </summary>
    private Exception? RunInSavepoint(PendingWrite<SqliteSession> write)
    {
        _session.Command("SAVEPOINT unit_of_work;").ExecuteNonQuery();
        bool keep;
        try
        {
            keep = write.Run(_session);
        }
        catch (Exception failure)
        {
            write.RecordFailure(failure);
            if (!IsInTransaction())
            {
                return failure;
            }

            keep = false;
        }

        if (!keep)
        {
            // ROLLBACK TO undoes the unit's changes but leaves its savepoint open; RELEASE then closes it.
            _session.Command("ROLLBACK TO unit_of_work;").ExecuteNonQuery();
        }

        _session.Command("RELEASE unit_of_work;").ExecuteNonQuery();
        return null;
    }

    private bool IsInTransaction() => SQLitePCL.raw.sqlite3_get_autocommit(_session.Connection.Handle) == 0;

    private static void FailRange(List<PendingWrite<SqliteSession>> batch, int from, int to, Exception failure)
    {
        for (var i = from; i < to; i++)
        {
            batch[i].Fail(failure);
        }
    }
}
