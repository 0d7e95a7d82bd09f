namespace Coffer.Engine.Storage;

/// <summary>
/// One caller's unit of work, waiting in a metadata store's write queue for a writer (a thread with a connection of its
/// own, <typeparamref name="TSession"/>). The writer runs it inside a shared transaction, then settles it once that
/// transaction's fate is known: a caller never sees a result that a failed COMMIT could still take back. A writer may
/// run it more than once (a transaction the database aborted and the writer ran again): only the last run counts.
/// </summary>
public abstract class PendingWrite<TSession>
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Cancelled = 2;

    private int _state = Queued;

    /// <summary>
    /// Claims the work for the writer; false when its caller cancelled first (the caller has then been told). After
    /// this, cancellation no longer applies: a unit of work is never abandoned half-way.
    /// </summary>
    public bool TryStart()
    {
        if (Interlocked.CompareExchange(ref _state, Started, Queued) != Queued)
        {
            return false;
        }

        StopListeningForCancellation();
        return true;
    }

    /// <summary>
    /// Runs the work in the current transaction and returns whether its changes should stay. An exception means the
    /// work failed; the writer rolls its changes back and settles it with that exception.
    /// </summary>
    public abstract bool Run(TSession session);

    /// <summary>Records that the work threw; it fails with this exception whatever happens to its batch.</summary>
    public abstract void RecordFailure(Exception failure);

    /// <summary>Completes the caller's task after the transaction committed: its result, or its own failure.</summary>
    public abstract void Settle();

    /// <summary>Fails the caller's task: the transaction that held its work did not commit.</summary>
    public abstract void Fail(Exception failure);

    /// <summary>Called from the caller's token: the work is skipped if the writer has not claimed it yet.</summary>
    protected bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued;

    protected abstract void StopListeningForCancellation();
}

/// <summary>A <see cref="PendingWrite{TSession}"/> whose work returns a <typeparamref name="T"/>.</summary>
public sealed class PendingWrite<TSession, T> : PendingWrite<TSession>
{
    private readonly Func<TSession, T> _work;
    private readonly Func<T, bool> _commit;

    // Continuations run on the thread pool: the writer thread must go back to its queue, not carry on with a caller's
    // request (writing an HTTP response, say) while every other writer waits.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancellation;

    private T? _result;
    private Exception? _failure;

    public PendingWrite(Func<TSession, T> work, Func<T, bool> commit, CancellationToken cancellationToken)
    {
        _work = work;
        _commit = commit;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) =>
                {
                    var write = (PendingWrite<TSession, T>)state!;
                    if (write.TryCancel())
                    {
                        write._completion.TrySetCanceled(token);
                    }
                },
                this);
        }
    }

    public Task<T> Task => _completion.Task;

    public override bool Run(TSession session)
    {
        _failure = null;
        var result = _work(session);
        _result = result;
        return _commit(result);
    }

    public override void RecordFailure(Exception failure) => _failure = failure;

    public override void Settle()
    {
        if (_failure is not null)
        {
            _completion.TrySetException(_failure);
        }
        else
        {
            _completion.TrySetResult(_result!);
        }
    }

    public override void Fail(Exception failure) => _completion.TrySetException(_failure ?? failure);

    protected override void StopListeningForCancellation() => _cancellation.Dispose();
}
