using Coffer.Bench.Load.Measurement;

namespace Coffer.Bench.Load.Workloads;

/// <summary>One operation's outcome: what it was and how many body bytes it moved.</summary>
internal readonly record struct OperationOutcome(OperationKind Kind, long Bytes);

/// <summary>A workload: untimed preparation, then one operation at a time from each of the runner's workers.</summary>
internal interface IWorkload
{
    /// <summary>False when warming up would use up what the run measures (delete removes its prepared keys).</summary>
    bool WantsWarmup { get; }

    /// <summary>Creates the bucket and the objects the workload reads; not timed.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs one operation, checked; throws on any failure. Null when the workload has nothing left to do (the worker
    /// then stops). Called concurrently by different workers, never concurrently for one worker.
    /// </summary>
    Task<OperationOutcome?> RunOnceAsync(WorkerContext worker, CancellationToken cancellationToken);

    /// <summary>Figures only this workload reports (the list workload's full-listing time), added to the result.</summary>
    void AddFindings(RunFindings findings);
}
