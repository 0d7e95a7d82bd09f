using Coffer.Bench.Load.Measurement;
using Coffer.Bench.Load.Transport;

namespace Coffer.Bench.Load.Workloads;

/// <summary>
/// GETs (body length and hash checked), ranged GETs of --range-size bytes from the middle half (the slice compared with
/// the pattern) or HEADs (length checked) of random keys among the prepared objects.
/// </summary>
internal sealed class ReadWorkload(ObjectSet set, ObjectOperations objects, bool headOnly, long? rangeSize = null) : IWorkload
{
    public bool WantsWarmup => true;

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        // Ranged GETs check their slice byte by byte, so the whole objects' hashes would be gigabytes hashed for nothing.
        return set.PrepareAsync(withHashes: !headOnly && rangeSize is null, cancellationToken);
    }

    public async Task<OperationOutcome?> RunOnceAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var index = worker.Random.Next(set.Keys.Length);
        if (headOnly)
        {
            await objects.HeadAsync(set.Keys[index], set.Size, cancellationToken).ConfigureAwait(false);
            return new OperationOutcome(OperationKind.Head, 0);
        }

        if (rangeSize is { } length)
        {
            var offset = MiddleRange.OffsetFor(set.Size, length, worker.Random);
            var moved = await objects.GetRangeAsync(set.Keys[index], set.Size, offset, length, worker.Buffers, cancellationToken).ConfigureAwait(false);
            return new OperationOutcome(OperationKind.Get, moved);
        }

        var bytes = await objects.GetAsync(set.Keys[index], set.Size, set.ExpectedHashes[index], worker.Buffers, cancellationToken).ConfigureAwait(false);
        return new OperationOutcome(OperationKind.Get, bytes);
    }

    public void AddFindings(RunFindings findings)
    {
    }
}
