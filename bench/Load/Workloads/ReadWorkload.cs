using Coffer.Bench.Load.Measurement;
using Coffer.Bench.Load.Transport;

namespace Coffer.Bench.Load.Workloads;

/// <summary>GETs (body length and hash checked) or HEADs (length checked) of random keys among the prepared objects.</summary>
internal sealed class ReadWorkload(ObjectSet set, ObjectOperations objects, bool headOnly) : IWorkload
{
    public bool WantsWarmup => true;

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        return set.PrepareAsync(withHashes: !headOnly, cancellationToken);
    }

    public async Task<OperationOutcome?> RunOnceAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var index = worker.Random.Next(set.Keys.Length);
        if (headOnly)
        {
            await objects.HeadAsync(set.Keys[index], set.Size, cancellationToken).ConfigureAwait(false);
            return new OperationOutcome(OperationKind.Head, 0);
        }

        var bytes = await objects.GetAsync(set.Keys[index], set.Size, set.ExpectedHashes[index], worker.Buffers, cancellationToken).ConfigureAwait(false);
        return new OperationOutcome(OperationKind.Get, bytes);
    }

    public void AddFindings(RunFindings findings)
    {
    }
}
