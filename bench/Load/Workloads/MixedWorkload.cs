using Coffer.Bench.Load.Measurement;
using Coffer.Bench.Load.Transport;

namespace Coffer.Bench.Load.Workloads;

/// <summary>
/// warp's mixed distribution: 45% GET, 15% PUT, 30% HEAD, 10% DELETE over the prepared objects. A PUT first
/// re-creates a deleted key if there is one, else overwrites a present one; GET and HEAD only pick present keys.
/// </summary>
internal sealed class MixedWorkload(ObjectSet set, ObjectOperations objects) : IWorkload
{
    private readonly KeyStates _states = new(set.Keys.Length);

    public bool WantsWarmup => true;

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        return set.PrepareAsync(withHashes: true, cancellationToken);
    }

    public async Task<OperationOutcome?> RunOnceAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        // A kind whose keys are all busy right now is drawn again rather than waited for.
        while (true)
        {
            var draw = worker.Random.Next(100);
            var outcome = draw switch
            {
                < 45 => await ReadAsync(worker, headOnly: false, cancellationToken).ConfigureAwait(false),
                < 60 => await PutAsync(worker, cancellationToken).ConfigureAwait(false),
                < 90 => await ReadAsync(worker, headOnly: true, cancellationToken).ConfigureAwait(false),
                _ => await DeleteAsync(worker, cancellationToken).ConfigureAwait(false),
            };
            if (outcome is not null)
            {
                return outcome;
            }
        }
    }

    public void AddFindings(RunFindings findings)
    {
    }

    private async Task<OperationOutcome?> ReadAsync(WorkerContext worker, bool headOnly, CancellationToken cancellationToken)
    {
        var index = _states.TryShareRandomPresent(worker.Random);
        if (index < 0)
        {
            return null;
        }

        try
        {
            var key = set.Keys[index];
            if (headOnly)
            {
                await objects.HeadAsync(key, set.Size, cancellationToken).ConfigureAwait(false);
                return new OperationOutcome(OperationKind.Head, 0);
            }

            var bytes = await objects.GetAsync(key, set.Size, set.ExpectedHashes[index], worker.Buffers, cancellationToken).ConfigureAwait(false);
            return new OperationOutcome(OperationKind.Get, bytes);
        }
        finally
        {
            _states.ReleaseShared(index);
        }
    }

    private async Task<OperationOutcome?> PutAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var absent = _states.TryTakeAbsent();
        if (absent >= 0)
        {
            var created = false;
            try
            {
                await objects.PutAsync(set.Keys[absent], set.Size, cancellationToken).ConfigureAwait(false);
                created = true;
            }
            finally
            {
                _states.ReleaseExclusive(absent, created);
            }

            return new OperationOutcome(OperationKind.Put, set.Size);
        }

        var present = _states.TryShareRandomPresent(worker.Random);
        if (present < 0)
        {
            return null;
        }

        try
        {
            await objects.PutAsync(set.Keys[present], set.Size, cancellationToken).ConfigureAwait(false);
            return new OperationOutcome(OperationKind.Put, set.Size);
        }
        finally
        {
            _states.ReleaseShared(present);
        }
    }

    private async Task<OperationOutcome?> DeleteAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var index = _states.TryTakeRandomUnused(worker.Random);
        if (index < 0)
        {
            return null;
        }

        try
        {
            await objects.DeleteAsync(set.Keys[index], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _states.ReleaseExclusive(index, present: false);
        }

        return new OperationOutcome(OperationKind.Delete, 0);
    }
}
