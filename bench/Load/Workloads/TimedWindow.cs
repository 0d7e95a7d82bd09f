using System.Diagnostics;

namespace Coffer.Bench.Load.Workloads;

/// <summary>
/// When the timed part of a run begins and ends. It begins once every worker has finished its warm-up operation in
/// flight: otherwise a 1 GiB warm-up PUT would still be sending while the clock runs, its bytes never counted.
/// </summary>
internal sealed class TimedWindow(int workers, TimeSpan? duration, long? ops)
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;
    private long _started;

    public long OpenedAt { get; private set; }

    private long ClosesAt { get; set; } = long.MaxValue;

    /// <summary>Waits until every worker has arrived; the last one to arrive opens the window for all.</summary>
    public Task ArriveAsync()
    {
        if (Interlocked.Increment(ref _arrived) == workers)
        {
            OpenedAt = Stopwatch.GetTimestamp();
            if (duration is { } length)
            {
                ClosesAt = OpenedAt + (long)(length.TotalSeconds * Stopwatch.Frequency);
            }

            _opened.SetResult();
        }

        return _opened.Task;
    }

    /// <summary>Whether a worker may start one more timed operation now: before the duration is up, within --ops.</summary>
    public bool MayStart(long now)
    {
        return now < ClosesAt && (ops is not { } limit || Interlocked.Increment(ref _started) <= limit);
    }
}
