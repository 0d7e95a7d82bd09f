using System.Diagnostics;

namespace Coffer.Bench.Load.Workloads;

/// <summary>
/// Untimed setup: runs an action for indices 0..count-1 on <c>concurrency</c> workers, printing progress (and keys/s)
/// to stderr every 5 s. The first failure stops it: measuring against half-prepared data would be meaningless.
/// </summary>
internal static class Preparation
{
    private static readonly TimeSpan s_progressEvery = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(string what, int count, int concurrency, Func<int, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        var done = 0;
        var started = Stopwatch.StartNew();

        async Task WorkAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    await action(index, failed.Token).ConfigureAwait(false);
                }
                catch
                {
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }

                Interlocked.Increment(ref done);
            }
        }

        var workers = Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(WorkAsync, CancellationToken.None)).ToArray();
        var all = Task.WhenAll(workers);
        while (await Task.WhenAny(all, Task.Delay(s_progressEvery, CancellationToken.None)).ConfigureAwait(false) != all)
        {
            var sofar = Volatile.Read(ref done);
            await Console.Error.WriteLineAsync(
                $"prepare {what}: {sofar}/{count} ({sofar / started.Elapsed.TotalSeconds:F0}/s)").ConfigureAwait(false);
        }

        try
        {
            await all.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A sibling's cancellation after the first failure: report that failure, not the cancellations.
            throw workers.Select(w => w.Exception?.InnerException).First(e => e is not null and not OperationCanceledException)!;
        }

        await Console.Error.WriteLineAsync(
            $"prepare {what}: {count} in {started.Elapsed.TotalSeconds:F1} s ({count / started.Elapsed.TotalSeconds:F0}/s)").ConfigureAwait(false);
    }
}
