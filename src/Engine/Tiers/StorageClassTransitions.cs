using Coffer.Engine.Lifecycle;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Tiers;

/// <summary>
/// Moves a stored version to another class: copies its blobs, as stored, to where the new class lives (when that is
/// another place), then points the version at the copies and sets its class in one transaction, which checks that the
/// version is still the one read. A crash before the commit leaves the version where it was, readable, and the copies
/// unreferenced for the collector; after it, the old blobs are released as an overwrite releases them.
/// Intelligent-Tiering's moves between access tiers go through <see cref="RelocateAsync"/>, the same copy and commit.
/// </summary>
public sealed class StorageClassTransitions(IMetadataStore metadata, IBlobStore blobs, BlobReleaser releaser, TimeProvider clock) : IStorageClassTransitions
{
    public async Task<TransitionOutcome> TransitionAsync(
        string bucket, string key, string versionId, string expectedETag, string storageClass, CancellationToken cancellationToken)
    {
        var version = await metadata.GetVersionAsync(bucket, key, versionId, cancellationToken);
        if (version is null || version.IsDeleteMarker || version.ETag != expectedETag || version.Attributes.StorageClass == storageClass
            || ObjectLockRules.Protects(StoredVersion.Of(version), bypassGovernance: false, clock.GetUtcNow()))
        {
            return TransitionOutcome.Skipped;
        }

        return await RelocateAsync(
            version,
            storageClass,
            honourLock: true,
            (keyTx, stored, moved) =>
            {
                // The Intelligent-Tiering state belongs to that class: a version that leaves it starts afresh if it comes back.
                keyTx.SetTiering(stored, null);
                return keyTx.MoveSegments(stored, storageClass, moved);
            },
            cancellationToken);
    }

    /// <summary>
    /// Copies the version's blobs, as stored, to where objects of <paramref name="placeClass"/> live (those already
    /// there are kept), then in one key transaction checks that the version is still the one read (same ETag, same
    /// blobs, and not locked when <paramref name="honourLock"/>) and lets <paramref name="commit"/> record the move,
    /// which returns the blobs it replaced. <paramref name="commit"/> may return null to change nothing (the version
    /// moved on meanwhile). A failing tier leaves the version where it was.
    /// </summary>
    public async Task<TransitionOutcome> RelocateAsync(
        ObjectInfo version, string placeClass, bool honourLock, Func<IKeyTransaction, StoredVersion, List<BlobSegment>, IReadOnlyList<BlobId>?> commit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(commit);
        var (bucket, key) = (version.Bucket, version.Key);
        var place = blobs.TierOf(placeClass);
        var moved = new List<BlobSegment>(version.Segments.Count);
        try
        {
            foreach (var segment in version.Segments)
            {
                if (segment.InlineContent is null && segment.Blob.Tier == place)
                {
                    moved.Add(segment); // Already where the class lives: the version keeps it.
                    continue;
                }

                await using var writer = blobs.CreateWriterFor(placeClass);
                moved.Add(segment.CopiedTo(await BlobCopy.CopyAsync(blobs, segment, writer, cancellationToken)));
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException or Errors.EngineException { Code: Errors.EngineError.StorageFull })
        {
            await releaser.ReleaseUnclaimedAsync(bucket, key, CopiesIn(moved, version));
            return TransitionOutcome.TierFailed;
        }

        var before = version.Segments.Select(segment => segment.Blob).ToList();
        var released = await metadata.WriteKeyAsync(
            bucket,
            key,
            keyTx => Move(keyTx, version.VersionId, version.ETag, before, honourLock, moved, commit, clock.GetUtcNow()),
            result => result is not null,
            CancellationToken.None);
        if (released is null)
        {
            await releaser.ReleaseUnclaimedAsync(bucket, key, CopiesIn(moved, version));
            return TransitionOutcome.Skipped;
        }

        await releaser.ReleaseAsync(released, cancellationToken);
        return TransitionOutcome.Transitioned;
    }

    /// <summary>Null when the version is gone or no longer the one copied; else the blobs the move released.</summary>
    private static IReadOnlyList<BlobId>? Move(
        IKeyTransaction keyTx, string versionId, string expectedETag, List<BlobId> before, bool honourLock, List<BlobSegment> moved,
        Func<IKeyTransaction, StoredVersion, List<BlobSegment>, IReadOnlyList<BlobId>?> commit, DateTimeOffset now)
    {
        // Object lock is checked again here: a hold put on while the blobs were copied wins.
        if (keyTx.Find(versionId) is not { } stored || stored.ETag != expectedETag || (honourLock && ObjectLockRules.Protects(stored, bypassGovernance: false, now))
            || !keyTx.Read(stored).Segments.Select(segment => segment.Blob).SequenceEqual(before))
        {
            return null;
        }

        return commit(keyTx, stored, moved) is { } replaced ? keyTx.ReleaseUnreferenced(replaced) : null;
    }

    /// <summary>The blobs of a move that were copied for it, not kept from the version.</summary>
    private static List<BlobId> CopiesIn(List<BlobSegment> moved, ObjectInfo version) =>
        [.. moved.Select(segment => segment.Blob).Except(version.Segments.Select(segment => segment.Blob))];
}
