using Coffer.Bench.Load.Measurement;
using Coffer.Bench.Load.Transport;

namespace Coffer.Bench.Load.Workloads;

/// <summary>DELETEs of the prepared objects, each once; the run ends early when none are left.</summary>
internal sealed class DeleteWorkload(ObjectSet set, ObjectOperations objects) : IWorkload
{
    private long _next = -1;
    private long _ranOut;

    // A warm-up would delete keys the timed run then lacks.
    public bool WantsWarmup => false;

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        return set.PrepareAsync(withHashes: false, cancellationToken);
    }

    public async Task<OperationOutcome?> RunOnceAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _next);
        if (index >= set.Keys.Length)
        {
            Interlocked.Exchange(ref _ranOut, 1);
            return null;
        }

        await objects.DeleteAsync(set.Keys[index], cancellationToken).ConfigureAwait(false);
        return new OperationOutcome(OperationKind.Delete, 0);
    }

    public void AddFindings(RunFindings findings)
    {
        if (Interlocked.Read(ref _ranOut) == 1)
        {
            findings.Notes.Add($"all {set.Keys.Length} prepared objects were deleted before the run's bound: raise --objects for a longer run");
        }
    }
}
