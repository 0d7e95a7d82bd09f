using System.Text;

using Coffer.Engine.Buckets;
using Coffer.Engine.Errors;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Lifecycle;

/// <summary>
/// One batch of a bucket's lifecycle pass: what it did, whether the pass is finished, and the lifecycle day the pass is
/// for (an earlier one than today's when the batch finished a pass cut short on an earlier day).
/// </summary>
public sealed record LifecycleBatch(LifecycleCounts Counts, bool Done, long Day);

/// <summary>
/// Acts on a bucket's lifecycle rules once per lifecycle day, a batch at a time: each enabled rule pages through the
/// versions under its prefix (<see cref="IMetadataStore.ScanVersionsAsync"/>), <see cref="RulePlanner"/> decides what
/// is due, and the removals run a few hundred to a write transaction (<see cref="LifecycleRemovals"/>), each checking
/// again what it acts on (<see cref="LifecycleVersionRules"/>), and the transitions with bounded concurrency. Then the bucket's open uploads are aborted by the rules or the default rule
/// (<see cref="UploadAbortRules"/>). After every batch the position is stored with the bucket, so a pass cut short
/// goes on where it was, and a pass run twice does nothing the second time. Memory is bounded by one batch.
/// </summary>
/// <param name="transitions">Moves versions between storage classes; null when the host has none, and then due transitions are counted, not made.</param>
public sealed class LifecycleWorker(
    IMetadataStore metadata, BlobReleaser releaser, LifecycleDay day, TimeProvider clock, IStorageClassTransitions? transitions = null) : IDisposable
{
    /// <summary>Versions (or uploads) one batch reads.</summary>
    public const int BatchSize = 1000;

    /// <summary>
    /// Transitions and upload aborts in flight at once. Each is its own write transaction, and the SQLite store commits
    /// concurrent writes together, so a few dozen in flight share a handful of fsyncs without holding the writer long
    /// enough to delay client writes by more than one group.
    /// </summary>
    public const int MaxConcurrentActions = 48;

    private static readonly string ProgressSetting = BucketSettings.StoredName(BucketSettingName.LifecycleProgress);

    // Uncached: a pass must act on the configuration as it is, and reads it once per batch.
    private readonly BucketLifecycle _lifecycle = new(new BucketSettings(metadata));

    private readonly LifecycleRemovals _removals = new(metadata, releaser);

    // One batch at a time in this process: the daily pass and an admin's run share the stored position.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public LifecycleDay Day => day;

    public void Dispose() => _oneAtATime.Dispose();

    /// <summary>False when due transitions cannot be made (no <see cref="IStorageClassTransitions"/>).</summary>
    public bool CanTransition => transitions is not null;

    /// <summary>
    /// Runs the bucket's pass to its end: first one cut short (on any day) from where it stopped, then, if that was an
    /// earlier day's, the current day's; or a pass from the start when <paramref name="startOver"/> (an admin's "run
    /// now"). A finished day's pass does nothing more unless started over. <paramref name="progress"/> sees the running
    /// total after each batch.
    /// </summary>
    public async Task<LifecycleCounts> RunBucketAsync(BucketName bucket, bool startOver, Action<LifecycleCounts>? progress, CancellationToken cancellationToken)
    {
        // Passes that outlast a day (short test days, a huge bucket) end here rather than chaining forever: the day's
        // pass that finishes is at least the one of the day this run began.
        var startDay = LifecyclePosition.DayNumber(day, clock.GetUtcNow());
        var total = new LifecycleCounts();
        while (true)
        {
            var batch = await RunBatchAsync(bucket, startOver, cancellationToken);
            startOver = false;
            total.Add(batch.Counts);
            progress?.Invoke(total);
            if (batch.Done && batch.Day >= startDay)
            {
                return total;
            }
        }
    }

    /// <summary>The next batch of the bucket's pass (see <see cref="RunBucketAsync"/>). NoSuchBucket when it is gone.</summary>
    public async Task<LifecycleBatch> RunBatchAsync(BucketName bucket, bool startOver, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            // 1. Where the day's pass is.
            var now = clock.StoreNow();
            var today = LifecyclePosition.DayNumber(day, now);
            var stored = LifecyclePosition.Parse(await metadata.GetBucketSettingAsync(bucket.Value, ProgressSetting, cancellationToken));
            // A pass cut short goes on whatever day it is now (its due dates are judged by now); a new one starts only
            // once it is finished, so that a pass longer than a day still gets to its end.
            var goesOn = !startOver && stored is not null && (!stored.Done || stored.Day == today);
            var position = goesOn ? stored! : LifecyclePosition.StartOf(today);
            var counts = new LifecycleCounts();
            if (position.Done)
            {
                return new LifecycleBatch(counts, true, position.Day);
            }

            // 2. One batch of the phase it is in: a rule (disabled ones are passed over), or the uploads.
            var info = await metadata.GetBucketAsync(bucket.Value, cancellationToken) ?? throw new EngineException(EngineError.NoSuchBucket);
            var configuration = await _lifecycle.GetAsync(bucket, cancellationToken);
            var rules = configuration?.Rules ?? [];
            while (position.Phase < rules.Count && !rules[position.Phase].Enabled)
            {
                position = position.NextPhase();
            }

            var next = position.Phase < rules.Count
                ? await RunRuleBatchAsync(info, configuration!, rules[position.Phase], position, now, counts, cancellationToken)
                : await RunUploadBatchAsync(info.Name, configuration, position, now, counts, cancellationToken);

            // 3. Only once the batch's actions are done: a crash before this repeats them, which changes nothing.
            await metadata.PutBucketSettingAsync(bucket.Value, ProgressSetting, next.Serialize(), CancellationToken.None);
            return new LifecycleBatch(counts, next.Done, next.Day);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<LifecyclePosition> RunRuleBatchAsync(
        BucketInfo bucket, LifecycleConfiguration configuration, LifecycleRule rule, LifecyclePosition position, DateTimeOffset now, LifecycleCounts counts,
        CancellationToken cancellationToken)
    {
        var page = await metadata.ScanVersionsAsync(
            bucket.Name, position.AfterKey ?? [], position.AfterId, rule.Filter.PrefixBytes(), ReadOnlyMemory<byte>.Empty, BatchSize, cancellationToken);
        counts.Examine(page.Count);

        var planner = new RulePlanner(rule, configuration, day, now, bucket.Versioning);
        var carry = planner.Plan(page, position.Carry, counts);
        var finished = page.Count < BatchSize;
        if (finished)
        {
            planner.Finish(carry);
        }

        var gone = new bool[page.Count];
        await _removals.RunAsync(bucket, [.. planner.Actions.Where(LifecycleRemovals.IsRemoval)], now, counts, gone, cancellationToken);
        await ActAsync(
            planner.Actions.Where(action => !LifecycleRemovals.IsRemoval(action)),
            (action, token) => TransitionAsync(bucket.Name, action, counts, token),
            cancellationToken);

        return finished ? position.NextPhase() : After(page, gone, position, carry);
    }

    /// <summary>
    /// Where the scan goes on: after the last version of the page's last key that is still there. When none of that
    /// key's versions in the page is, the scan could not name a version to go on after, so it starts the key again.
    /// </summary>
    private static LifecyclePosition After(IReadOnlyList<ScanEntry> page, bool[] gone, LifecyclePosition position, KeyCarry? carry)
    {
        var lastKey = page[^1].Key;
        for (var index = page.Count - 1; index >= 0 && page[index].Key == lastKey; index--)
        {
            if (!gone[index])
            {
                return position with { AfterKey = Encoding.UTF8.GetBytes(lastKey), AfterId = page[index].Version!.VersionId, Carry = carry };
            }
        }

        return position with { AfterKey = KeySeek.JustBefore(lastKey), AfterId = null, Carry = null };
    }

    /// <summary>Counts an upload's abort (and frees what it released).</summary>
    private async Task CountAbortAsync(CommitOutcome outcome, LifecycleCounts counts)
    {
        // Anything but a commit: a client completed or aborted the upload meanwhile.
        if (outcome.Status == CommitStatus.Committed)
        {
            counts.Count(LifecycleAction.UploadAborted);
            await releaser.ReleaseQuietlyAsync(outcome.ReleasedBlobs);
        }
    }

    private async Task TransitionAsync(string bucket, PlannedAction action, LifecycleCounts counts, CancellationToken cancellationToken)
    {
        if (transitions is null)
        {
            counts.Count(LifecycleAction.TransitionUnavailable);
            return;
        }

        var outcome = await transitions.TransitionAsync(bucket, action.Key, action.VersionId, action.ETag, action.StorageClass!, cancellationToken);
        if (outcome == TransitionOutcome.Transitioned)
        {
            counts.Count(LifecycleAction.Transitioned);
        }
        else if (outcome == TransitionOutcome.TierFailed)
        {
            counts.Count(LifecycleAction.TransitionFailed);
        }
    }

    private async Task<LifecyclePosition> RunUploadBatchAsync(
        string bucket, LifecycleConfiguration? configuration, LifecyclePosition position, DateTimeOffset now, LifecycleCounts counts,
        CancellationToken cancellationToken)
    {
        var uploads = await metadata.ListUploadsAsync(bucket, ReadOnlyMemory<byte>.Empty, position.AfterKey ?? [], position.AfterId, BatchSize, cancellationToken);
        counts.Examine(uploads.Count);
        var due = uploads.Where(upload => day.After(upload.Initiated, UploadAbortRules.DaysFor(upload.Key, configuration)) <= now).ToList();
        await ActAsync(due, async (upload, token) =>
        {
            // NoSuchUpload: a client completed or aborted it meanwhile.
            var outcome = await metadata.AbortUploadAsync(bucket, upload.Key, upload.UploadId, token);
            await CountAbortAsync(outcome, counts);
        }, cancellationToken);

        return uploads.Count < BatchSize
            ? position with { Done = true, AfterKey = null, AfterId = null, Carry = null }
            : position with { AfterKey = Encoding.UTF8.GetBytes(uploads[^1].Key), AfterId = uploads[^1].UploadId };
    }

    private static Task ActAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task> act, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            items,
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentActions, CancellationToken = cancellationToken },
            async (item, token) => await act(item, token));
}
