using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Tiers;

namespace Coffer.Engine.Tiering;

/// <summary>
/// Moves an INTELLIGENT_TIERING version between access tiers with the transitions' copy and commit
/// (<see cref="StorageClassTransitions.RelocateAsync"/>): its bytes go to the tier's place (<see cref="AccessTierPlaces"/>),
/// then one key transaction, which checks that the version still has the blobs and the Intelligent-Tiering state the
/// move was decided on, points it at the copies and records the tier. A failing tier leaves it where it was.
/// </summary>
public sealed class AccessTierMoves(IBlobStore blobs, StorageClassTransitions transitions, TimeProvider clock)
{
    /// <summary>
    /// Moves the version to <paramref name="tier"/>, keeping its last access, if it is still as read. Object lock keeps
    /// a version where it is, as it does for lifecycle transitions.
    /// </summary>
    public Task<TransitionOutcome> MoveAsync(ObjectInfo version, AccessTier tier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var expected = version.Tiering;
        var moved = version.TieringOrDefault with { Tier = tier };
        return transitions.RelocateAsync(
            version,
            AccessTierPlaces.PlaceClassOf(blobs, tier),
            honourLock: true,
            (keyTx, stored, copies) =>
            {
                var current = keyTx.Read(stored);
                if (current.Attributes.StorageClass != StorageClasses.IntelligentTiering || current.Tiering != expected)
                {
                    return null; // Accessed, restored or moved meanwhile: the decision no longer holds.
                }

                var replaced = keyTx.MoveSegments(stored, StorageClasses.IntelligentTiering, copies);
                keyTx.SetTiering(stored, moved);
                return replaced;
            },
            cancellationToken);
    }

    /// <summary>
    /// Completes the restore of a version archived by Intelligent-Tiering: its bytes come back to the Frequent tier's
    /// place and it is Frequent again, accessed now, with no restore left on it (S3: the object moves back into the
    /// Frequent Access tier; there is no temporary copy and no expiry). Object lock does not hold it back: the restore
    /// changes where the bytes lie, never what they are. Skipped when the version no longer waits for this restore.
    /// </summary>
    public Task<TransitionOutcome> CompleteRestoreAsync(ObjectInfo version, ArchiveRestore restore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        return transitions.RelocateAsync(
            version,
            AccessTierPlaces.PlaceClassOf(blobs, AccessTier.Frequent),
            honourLock: false,
            (keyTx, stored, copies) =>
            {
                var current = keyTx.Read(stored);
                if (current.Restore is not { } waiting || waiting.RequestedAt != restore.RequestedAt || !current.IsInArchiveAccessTier)
                {
                    return null;
                }

                var replaced = keyTx.MoveSegments(stored, StorageClasses.IntelligentTiering, copies);
                keyTx.SetTiering(stored, new TieringState(AccessTier.Frequent, clock.GetUtcNow()));
                return [.. replaced, .. keyTx.SetRestore(stored, null)];
            },
            cancellationToken);
    }
}
