using Coffer.Engine.Errors;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.Engine.Tiers;

namespace Coffer.Engine.Archive;

/// <summary>
/// RestoreObject and the restore worker. A request marks the version "restore ongoing" (S3's 202), at once and
/// durably; the worker later copies an archive kept in a tier into the main store, blob by blob as stored (sealed
/// bytes stay sealed under the same keys), and marks the restore done with its expiry; when that passes, the worker
/// drops the copies. The version keeps its class and its archive throughout, so a lost copy loses nothing.
/// </summary>
/// <param name="tierMoves">Brings versions archived by Intelligent-Tiering back to Frequent Access; null when the host moves none (none is then archived).</param>
public sealed class ArchiveRestores(
    IMetadataStore metadata, IBlobStore blobs, ObjectEngine objects, BlobReleaser releaser, TimeProvider clock, LifecycleDay day, RestoreDelays delays,
    Tiering.AccessTierMoves? tierMoves = null)
{
    /// <summary>Restores handled per read of the due list.</summary>
    private const int Batch = 64;

    /// <summary>Set when a restore was started, so that a waiting worker runs at once rather than at its next round.</summary>
    private readonly System.Threading.Channels.Channel<bool> _started = System.Threading.Channels.Channel.CreateBounded<bool>(
        new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });

    /// <summary>
    /// Starts a restore of the version, or extends the expiry of its restored copy. InvalidObjectState for a version
    /// that is not archived; RestoreAlreadyInProgress while a restore of it is ongoing.
    /// </summary>
    public async Task<RestoreRequestOutcome> RequestAsync(RestoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = await objects.HeadAsync(request.Bucket, request.Key, request.VersionId, cancellationToken);
        var now = clock.GetUtcNow();
        var outcome = await metadata.WriteKeyAsync(
            request.Bucket.Value, request.Key.Value, keyTx => Decide(keyTx, version.VersionId, request, now), _ => true, CancellationToken.None);
        if (outcome == RestoreRequestOutcome.Started)
        {
            _started.Writer.TryWrite(true);
        }

        return outcome;
    }

    /// <summary>Waits until a restore is started or <paramref name="timeout"/> passes; for the worker between rounds.</summary>
    public async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _started.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The round's time is up with nothing started: the worker looks at what is due anyway.
        }
    }

    /// <summary>
    /// Does what is due at this moment: completes restores whose delay has passed (copying archives from their tier),
    /// and removes restored copies that have expired. Returns how many restores it completed and expired.
    /// </summary>
    public async Task<(int Completed, int Expired)> RunDueAsync(CancellationToken cancellationToken)
    {
        var (completed, expired) = (0, 0);
        while (true)
        {
            var due = await metadata.ListRestoresDueAsync(clock.GetUtcNow(), Batch, cancellationToken);
            var progressed = false;
            foreach (var item in due)
            {
                var version = await metadata.GetVersionAsync(item.Bucket, item.Key, item.VersionId, cancellationToken);
                if (version?.Restore is not { } restore)
                {
                    continue;
                }

                if (restore.IsOngoing)
                {
                    progressed |= await CompleteAsync(version, restore, cancellationToken);
                    completed++;
                }
                else
                {
                    progressed |= await ExpireAsync(version, restore, cancellationToken);
                    expired++;
                }
            }

            if (due.Count < Batch || !progressed)
            {
                return (completed, expired);
            }
        }
    }

    private RestoreRequestOutcome Decide(IKeyTransaction keyTx, string versionId, RestoreRequest request, DateTimeOffset now)
    {
        var stored = keyTx.Find(versionId) ?? throw new EngineException(request.VersionId is null ? EngineError.NoSuchKey : EngineError.NoSuchVersion);
        var version = keyTx.Read(stored);
        if (version.IsInArchiveAccessTier)
        {
            return DecideIntelligentTiering(keyTx, stored, version, request, now);
        }

        if (!StorageClasses.IsArchive(version.Attributes.StorageClass))
        {
            throw new EngineException(EngineError.InvalidObjectState, "Restore is not allowed for the object's current storage class")
            {
                Details = [new("StorageClass", version.Attributes.StorageClass)],
            };
        }

        if (request.Days is not { } days)
        {
            throw new EngineException(EngineError.InvalidArgument, "Days is required for the restore of an archived object.")
            {
                Details = [new("ArgumentName", "Days")],
            };
        }

        switch (version.Restore)
        {
            case { IsOngoing: true }:
                throw new EngineException(EngineError.RestoreAlreadyInProgress);
            case { } done when done.IsReadable(now):
                // S3 moves the expiry of a copy that exists, counted from now.
                keyTx.SetRestore(stored, done with { Days = days, ExpiresAt = day.After(now, days) });
                return RestoreRequestOutcome.Extended;
            default:
                // A copy that expired but is not yet dropped is replaced; the worker releases what SetRestore returns.
                var dropped = keyTx.SetRestore(stored, new ArchiveRestore
                {
                    RequestedAt = now,
                    Days = days,
                    Tier = request.Tier,
                    ReadyAt = now + delays.Of(request.Tier),
                });
                keyTx.ReleaseUnreferenced(dropped);
                return RestoreRequestOutcome.Started;
        }
    }

    /// <summary>
    /// A restore of a version in an Intelligent-Tiering archive tier: S3 takes no Days for it (the object comes back to
    /// Frequent Access for good, so there is no expiry) and refuses a request that gives some, as it does in Batch
    /// Operations' restores; 409 while one runs.
    /// </summary>
    private RestoreRequestOutcome DecideIntelligentTiering(IKeyTransaction keyTx, StoredVersion stored, ObjectInfo version, RestoreRequest request, DateTimeOffset now)
    {
        if (request.Days is not null)
        {
            throw new EngineException(
                EngineError.InvalidArgument, "Days must not be specified for the restore of an object in an S3 Intelligent-Tiering archive access tier.")
            {
                Details = [new("ArgumentName", "Days")],
            };
        }

        if (version.Restore is { IsOngoing: true })
        {
            throw new EngineException(EngineError.RestoreAlreadyInProgress);
        }

        keyTx.SetRestore(stored, new ArchiveRestore { RequestedAt = now, Days = 0, Tier = request.Tier, ReadyAt = now + delays.Of(request.Tier) });
        return RestoreRequestOutcome.Started;
    }

    /// <summary>Copies the archive out of its tier if it lies in one, then marks the restore done; false when the version changed meanwhile.</summary>
    private async Task<bool> CompleteAsync(ObjectInfo version, ArchiveRestore restore, CancellationToken cancellationToken)
    {
        if (version.IsInArchiveAccessTier && tierMoves is not null)
        {
            // Back to Frequent Access for good; a failing tier leaves the restore ongoing, for the next round.
            return await tierMoves.CompleteRestoreAsync(version, restore, cancellationToken) == TransitionOutcome.Transitioned;
        }

        var copies = new List<BlobId>();
        var inTier = version.Segments.Any(segment => segment.Blob.Tier is not null);
        if (inTier)
        {
            foreach (var segment in version.Segments)
            {
                await using var writer = blobs.CreateWriter();
                copies.Add(await BlobCopy.CopyAsync(blobs, segment, writer, cancellationToken));
            }
        }

        var now = clock.GetUtcNow();
        var done = restore with { ExpiresAt = day.After(now, restore.Days), RestoredBlobs = copies };
        var committed = await metadata.WriteKeyAsync(
            version.Bucket,
            version.Key,
            keyTx => MarkDone(keyTx, version.VersionId, restore, done),
            ok => ok,
            CancellationToken.None);
        if (!committed)
        {
            // Deleted, overwritten or asked again meanwhile: the copies are nobody's.
            await releaser.ReleaseUnclaimedAsync(version.Bucket, version.Key, copies);
        }

        return committed;
    }

    private async Task<bool> ExpireAsync(ObjectInfo version, ArchiveRestore restore, CancellationToken cancellationToken)
    {
        var released = await metadata.WriteKeyAsync(
            version.Bucket,
            version.Key,
            keyTx => keyTx.Find(version.VersionId) is { } stored && SameRequest(keyTx.Read(stored).Restore, restore)
                ? keyTx.ReleaseUnreferenced(keyTx.SetRestore(stored, null))
                : null,
            result => result is not null,
            CancellationToken.None);
        if (released is null)
        {
            return false;
        }

        await releaser.ReleaseAsync(released, cancellationToken);
        return true;
    }

    /// <summary>Records the done restore, if the version still waits for this very restore.</summary>
    private static bool MarkDone(IKeyTransaction keyTx, string versionId, ArchiveRestore ongoing, ArchiveRestore done)
    {
        if (keyTx.Find(versionId) is not { } stored || !SameRequest(keyTx.Read(stored).Restore, ongoing))
        {
            return false;
        }

        keyTx.SetRestore(stored, done);
        return true;
    }

    private static bool SameRequest(ArchiveRestore? current, ArchiveRestore expected) =>
        current is not null && current.RequestedAt == expected.RequestedAt && current.ExpiresAt == expected.ExpiresAt;
}
