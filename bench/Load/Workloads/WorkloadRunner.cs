using System.Diagnostics;

using Coffer.Bench.Load.Measurement;
using Coffer.Bench.Load.Options;

namespace Coffer.Bench.Load.Workloads;

/// <summary>
/// Runs a prepared workload on --concurrency workers: first a warm-up that is not counted, then the timed part until
/// --duration has passed or --ops operations have started, whichever bound was given. Operations in flight at the
/// bound finish and count, and the timed seconds run until the last of them ends.
/// </summary>
internal static class WorkloadRunner
{
    public static async Task<RunFindings> RunAsync(IWorkload workload, LoadOptions options, CancellationToken cancellationToken)
    {
        var errors = new ErrorLog();
        var window = new TimedWindow(options.Concurrency, options.Duration, options.Ops);
        var warmupEnds = Stopwatch.GetTimestamp() + (long)((workload.WantsWarmup ? options.Warmup : TimeSpan.Zero).TotalSeconds * Stopwatch.Frequency);

        // One operation, checked; false when the worker should stop (cancelled, or the workload has nothing left).
        async Task<bool> RunOnceAsync(WorkerContext worker, OperationTally? tally)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                if (await workload.RunOnceAsync(worker, cancellationToken).ConfigureAwait(false) is not { } outcome)
                {
                    return false;
                }

                tally?.Record(outcome.Kind, outcome.Bytes, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // Warm-up errors count too: any error fails the run.
                errors.Add(error);
            }

            return true;
        }

        async Task<OperationTally> WorkAsync(int index)
        {
            var tally = new OperationTally();
            using var worker = new WorkerContext(index);

            // 1. Warm-up: connections open, the JIT and the server's caches settle; nothing is recorded.
            var going = true;
            while (going && !cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < warmupEnds)
            {
                going = await RunOnceAsync(worker, tally: null).ConfigureAwait(false);
            }

            // 2. Every worker idle, then the clock starts for all at once.
            await window.ArriveAsync().ConfigureAwait(false);
            worker.Measuring = true;
            while (going && !cancellationToken.IsCancellationRequested && window.MayStart(Stopwatch.GetTimestamp()))
            {
                going = await RunOnceAsync(worker, tally).ConfigureAwait(false);
            }

            return tally;
        }

        var tallies = await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(i => Task.Run(() => WorkAsync(i), CancellationToken.None)))
            .ConfigureAwait(false);
        var findings = new RunFindings { Errors = errors, Seconds = Stopwatch.GetElapsedTime(window.OpenedAt).TotalSeconds };
        foreach (var tally in tallies)
        {
            findings.Tally.Add(tally);
        }

        workload.AddFindings(findings);
        return findings;
    }
}
