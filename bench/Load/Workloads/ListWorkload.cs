using System.Diagnostics;

using Coffer.Bench.Load.Measurement;
using Coffer.Bench.Load.Options;
using Coffer.Bench.Load.Transport;

namespace Coffer.Bench.Load.Workloads;

/// <summary>
/// ListObjectsV2 under the prefix, one page (max-keys 1000) per operation. Without a delimiter each worker walks
/// complete listings page by page (continuation tokens), checks that each returns exactly --objects keys, and the
/// mean time per complete listing is reported. With a delimiter every operation asks for the same first page and
/// checks how many common prefixes (or keys) it holds.
/// </summary>
internal sealed class ListWorkload(LoadOptions options, ObjectOperations objects, S3Api s3) : IWorkload
{
    private const int PageSize = 1000;

    private readonly Listing[] _listings = Enumerable.Range(0, options.Concurrency).Select(_ => new Listing()).ToArray();

    public bool WantsWarmup => true;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await s3.EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        if (!options.Prepare)
        {
            return;
        }

        // Zero-byte objects: a million of them must take as long as the server needs and no longer.
        await Preparation.RunAsync("keys", options.Objects, options.Concurrency,
            (index, token) => objects.PutAsync(KeyNames.Of(options.Prefix, index, options.Prefixes), 0, token), cancellationToken).ConfigureAwait(false);
    }

    public Task<OperationOutcome?> RunOnceAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        return options.Delimiter is null ? NextPageAsync(worker, cancellationToken) : DelimitedPageAsync(worker, cancellationToken);
    }

    public void AddFindings(RunFindings findings)
    {
        if (options.Delimiter is not null)
        {
            findings.KeysListed = ExpectedDelimitedEntries();
            return;
        }

        var completed = _listings.Sum(l => l.Completed);
        findings.ListingsCompleted = completed;
        findings.KeysListed = options.Objects;
        if (completed > 0)
        {
            findings.FullListingSeconds = _listings.Sum(l => l.TotalSeconds) / completed;
        }
        else
        {
            findings.Notes.Add("no complete listing finished within the timed run: give it a longer --duration");
        }
    }

    private async Task<OperationOutcome?> NextPageAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var listing = _listings[worker.Index];
        if (listing.Token is null)
        {
            listing.Start(worker.Measuring);
        }

        try
        {
            var page = await s3.ListObjectsV2Async(options.Prefix, null, listing.Token, worker.Buffers, cancellationToken).ConfigureAwait(false);
            listing.Keys += page.Keys;
            listing.Token = page.NextContinuationToken;
        }
        catch
        {
            listing.Token = null;
            throw;
        }

        if (listing.Token is null)
        {
            // A listing that loses or repeats keys is an error however fast it was.
            if (listing.Keys != options.Objects)
            {
                throw new LoadFailure($"ListObjectsV2 {options.Prefix}: a full listing returned {listing.Keys} keys, expected {options.Objects}");
            }

            listing.Finish();
        }

        return new OperationOutcome(OperationKind.List, 0);
    }

    private async Task<OperationOutcome?> DelimitedPageAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var page = await s3.ListObjectsV2Async(options.Prefix, options.Delimiter, null, worker.Buffers, cancellationToken).ConfigureAwait(false);
        var expected = ExpectedDelimitedEntries();
        var expectedPrefixes = options.Prefixes > 0 ? expected : 0;
        var expectedKeys = options.Prefixes > 0 ? 0 : expected;
        if (page.CommonPrefixes != expectedPrefixes || page.Keys != expectedKeys)
        {
            throw new LoadFailure(
                $"ListObjectsV2 {options.Prefix} delimiter '{options.Delimiter}': {page.CommonPrefixes} common prefixes and {page.Keys} keys, expected {expectedPrefixes} and {expectedKeys}");
        }

        return new OperationOutcome(OperationKind.List, 0);
    }

    /// <summary>One delimited first page holds min(1000, folders in use) prefixes, or, flat, min(1000, objects) keys.</summary>
    private int ExpectedDelimitedEntries()
    {
        var entries = options.Prefixes > 0 ? Math.Min(options.Prefixes, options.Objects) : options.Objects;
        return Math.Min(entries, PageSize);
    }

    /// <summary>One worker's listing in progress. Only listings that began while timed count towards the mean.</summary>
    private sealed class Listing
    {
        private long _startedAt;
        private bool _timed;

        public string? Token { get; set; }

        public long Keys { get; set; }

        public long Completed { get; private set; }

        public double TotalSeconds { get; private set; }

        public void Start(bool timed)
        {
            _startedAt = Stopwatch.GetTimestamp();
            _timed = timed;
            Keys = 0;
        }

        public void Finish()
        {
            if (_timed)
            {
                Completed++;
                TotalSeconds += Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
            }
        }
    }
}
