using Coffer.Bench.Load.Bodies;
using Coffer.Bench.Load.Options;
using Coffer.Bench.Load.Transport;

namespace Coffer.Bench.Load.Workloads;

/// <summary>
/// The objects a reading workload works on: their keys, the hash a GET of each must produce, and their preparation
/// (PUT them all, at the run's concurrency, unless --no-prepare says an earlier run did).
/// </summary>
internal sealed class ObjectSet(LoadOptions options, ObjectOperations objects, S3Api? s3)
{
    public string[] Keys { get; } = KeyNames.All(options.Prefix, options.Objects);

    /// <summary>Filled by <see cref="PrepareAsync"/>: hashing gigabytes must not happen inside the timed run.</summary>
    public ulong[] ExpectedHashes { get; } = new ulong[options.Objects];

    public long Size => options.Size;

    /// <param name="withHashes">Whether the run reads bodies back (delete does not, and skips the hashing).</param>
    public async Task PrepareAsync(bool withHashes, CancellationToken cancellationToken)
    {
        if (s3 is not null)
        {
            await s3.EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        }

        if (options.Prepare)
        {
            await Preparation.RunAsync("objects", Keys.Length, options.Concurrency,
                (index, token) => objects.PutAsync(Keys[index], options.Size, token), cancellationToken).ConfigureAwait(false);
        }

        if (withHashes)
        {
            Parallel.For(0, Keys.Length, index => ExpectedHashes[index] = ObjectBody.ExpectedHash(Keys[index], options.Size));
        }
    }
}
