using System.Diagnostics;

using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Lifecycle;

/// <summary>
/// Carries out a page's planned removals (expirations of current versions, removals of noncurrent versions and of
/// expired delete markers) a chunk at a time, each chunk one <see cref="IMetadataStore.WriteKeysAsync"/> transaction in
/// which every removal checks again what it acts on (<see cref="LifecycleVersionRules"/>: the same version, object
/// lock, the bucket's versioning state as of that transaction). A crash keeps or loses a whole chunk, and a chunk run
/// again finds nothing left to do. The blobs a chunk released are freed once it has committed.
/// </summary>
internal sealed class LifecycleRemovals(IMetadataStore metadata, BlobReleaser releaser)
{
    /// <summary>
    /// Removals one transaction makes: enough that hundreds share one commit's fsync, few enough that the transaction
    /// holds SQLite's one writer for milliseconds, so that a client's write waits no longer behind it than behind one
    /// group commit of client writes.
    /// </summary>
    public const int ChunkSize = 256;

    /// <summary>
    /// After each chunk the pass rests this fraction of the time the chunk took. On two cores a pass that never rests
    /// takes a whole core from the clients: over 1,000,000 expirations 4 KiB GETs' p99 rose 2.37x (pass 74.8 s); resting
    /// half as long as it worked, 2.02x (95.0 s); three quarters, 1.91x (98.5 s), within both targets (2 minutes, 2x)
    /// (docs/benchmarks.md). Real time, not the engine's clock: it paces work, it decides nothing.
    /// </summary>
    public const double RestFraction = 0.75;

    public static bool IsRemoval(PlannedAction action) => action.Kind != PlannedKind.Transition;

    /// <summary>Does the removals in order; marks in <paramref name="gone"/> the page's versions whose rows are gone after them.</summary>
    public async Task RunAsync(
        BucketInfo bucket, IReadOnlyList<PlannedAction> removals, DateTimeOffset now, LifecycleCounts counts, bool[] gone, CancellationToken cancellationToken)
    {
        foreach (var chunk in removals.Chunk(ChunkSize))
        {
            var started = Stopwatch.GetTimestamp();
            var writes = chunk.Select(action => new KeyWrite<CommitOutcome>(action.Key, Rule(action, now))).ToList();
            var outcomes = await metadata.WriteKeysAsync(bucket.Name, writes, outcome => outcome.Status == CommitStatus.Committed, cancellationToken);
            var released = new List<BlobId>();
            for (var index = 0; index < chunk.Length; index++)
            {
                var (action, outcome) = (chunk[index], outcomes[index]);
                if (Count(action, outcome, counts))
                {
                    released.AddRange(outcome.ReleasedBlobs);
                }

                if (action.PageIndex >= 0 && IsRowGone(action, outcome, bucket.Versioning))
                {
                    gone[action.PageIndex] = true;
                }
            }

            await releaser.ReleaseQuietlyAsync(released);
            await Task.Delay(Stopwatch.GetElapsedTime(started) * RestFraction, cancellationToken);
        }
    }

    private static Func<IKeyTransaction, CommitOutcome> Rule(PlannedAction action, DateTimeOffset now) => action.Kind switch
    {
        PlannedKind.ExpireCurrent => keyTx => LifecycleVersionRules.ExpireCurrent(keyTx, action.VersionId, action.LastModified, now),
        PlannedKind.RemoveNoncurrent => keyTx => LifecycleVersionRules.RemoveNoncurrent(keyTx, action.VersionId, now),
        PlannedKind.RemoveExpiredMarker => keyTx => LifecycleVersionRules.RemoveExpiredDeleteMarker(keyTx, action.VersionId, now),
        _ => throw new ArgumentException($"{action.Kind} is no removal.", nameof(action)),
    };

    /// <summary>Counts what the removal did; true when it committed.</summary>
    private static bool Count(PlannedAction action, CommitOutcome outcome, LifecycleCounts counts)
    {
        switch (outcome.Status)
        {
            case CommitStatus.Committed:
                counts.Count(action.Kind switch
                {
                    PlannedKind.ExpireCurrent => LifecycleAction.Expired,
                    PlannedKind.RemoveNoncurrent => LifecycleAction.NoncurrentRemoved,
                    _ => LifecycleAction.DeleteMarkerRemoved,
                });
                return true;
            case CommitStatus.ObjectLocked:
                counts.Count(LifecycleAction.SkippedForLock);
                return false;
            default:
                // Gone or changed since the scan (a client got there first): nothing is due any more.
                return false;
        }
    }

    /// <summary>
    /// True when the version's row is gone: removed now, or (for a removal) already gone. An expiration under a
    /// versioning state that keeps the version (a delete marker above it) leaves the row.
    /// </summary>
    private static bool IsRowGone(PlannedAction action, CommitOutcome outcome, BucketVersioning versioning) => action.Kind == PlannedKind.ExpireCurrent
        ? outcome.Status == CommitStatus.Committed && action.RemovesRow(versioning)
        : outcome.Status is CommitStatus.Committed or CommitStatus.NotFound;
}
