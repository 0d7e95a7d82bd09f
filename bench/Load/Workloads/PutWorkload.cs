using Coffer.Bench.Load.Measurement;
using Coffer.Bench.Load.Options;
using Coffer.Bench.Load.Transport;

namespace Coffer.Bench.Load.Workloads;

/// <summary>PUTs of --size bytes, overwriting --objects keys round-robin.</summary>
internal sealed class PutWorkload(LoadOptions options, ObjectOperations objects, S3Api? s3) : IWorkload
{
    private readonly string[] _keys = KeyNames.All(options.Prefix, options.Objects);
    private long _next = -1;

    public bool WantsWarmup => true;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (s3 is not null)
        {
            await s3.EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<OperationOutcome?> RunOnceAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var key = _keys[Interlocked.Increment(ref _next) % _keys.Length];
        var bytes = await objects.PutAsync(key, options.Size, cancellationToken).ConfigureAwait(false);
        return new OperationOutcome(OperationKind.Put, bytes);
    }

    public void AddFindings(RunFindings findings)
    {
    }
}
