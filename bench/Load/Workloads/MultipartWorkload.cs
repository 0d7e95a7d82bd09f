using Coffer.Bench.Load.Bodies;
using Coffer.Bench.Load.Measurement;
using Coffer.Bench.Load.Options;
using Coffer.Bench.Load.Transport;

namespace Coffer.Bench.Load.Workloads;

/// <summary>
/// Whole multipart uploads of --size bytes in --part-size parts, one after the other within a worker (create, each
/// part, complete), overwriting --objects keys round-robin. One operation is one complete upload.
/// </summary>
internal sealed class MultipartWorkload(LoadOptions options, S3Api s3) : IWorkload
{
    private const int MaxParts = 10_000;

    private readonly string[] _keys = KeyNames.All(options.Prefix, options.Objects);
    private readonly int _parts = (int)Math.Max(1, (options.Size + options.PartSize - 1) / options.PartSize);
    private long _next = -1;

    public bool WantsWarmup => true;

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (_parts > MaxParts)
        {
            throw new UsageException($"--size {options.Size} in --part-size {options.PartSize} parts makes {_parts} parts; S3 allows {MaxParts}");
        }

        return s3.EnsureBucketAsync(cancellationToken);
    }

    public async Task<OperationOutcome?> RunOnceAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var key = _keys[Interlocked.Increment(ref _next) % _keys.Length];
        var uploadId = await s3.CreateMultipartUploadAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            var etags = new string[_parts];
            for (var part = 0; part < _parts; part++)
            {
                // Each part is the slice of the key's pattern at its offset, so the completed object reads back like a PUT's.
                var offset = part * options.PartSize;
                var length = Math.Min(options.PartSize, options.Size - offset);
                using var body = ObjectBody.PartContentFor(key, offset, length);
                etags[part] = await s3.UploadPartAsync(key, uploadId, part + 1, body, cancellationToken).ConfigureAwait(false);
            }

            await s3.CompleteMultipartUploadAsync(key, uploadId, etags, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await s3.AbortMultipartUploadAsync(key, uploadId).ConfigureAwait(false);
            throw;
        }

        return new OperationOutcome(OperationKind.Multipart, options.Size);
    }

    public void AddFindings(RunFindings findings)
    {
    }
}
