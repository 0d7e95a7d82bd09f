using System.Collections.Concurrent;

using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Tiering;

/// <summary>
/// Records the accesses S3 Intelligent-Tiering counts (a GET of the bytes, a copy or part copy from the object; HEAD,
/// listings, tags and ACLs do not) and brings an Infrequent or Archive Instant version back to Frequent. A read costs a
/// metadata write only when the version's last recorded access is of an earlier lifecycle day than today's: at most
/// one a day per version. The write and any move run after the read, never in its way: a failure is only a day's
/// access not recorded, and the day pass brings a version accessed but not moved back to Frequent.
/// </summary>
public sealed class AccessRecorder(IMetadataStore metadata, AccessTierMoves moves, LifecycleDay day, TimeProvider clock)
{
    /// <summary>Versions whose access is being recorded now, so that a burst of reads on a new day writes once.</summary>
    private readonly ConcurrentDictionary<(string Bucket, string Key, string VersionId), bool> _recording = new();

    /// <summary>
    /// Notes an access of <paramref name="version"/> (as read for the access): nothing when today's is recorded
    /// already; otherwise records it in the background.
    /// </summary>
    public void Record(ObjectInfo version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var now = clock.GetUtcNow();
        if (!IsDue(version, now) || !_recording.TryAdd((version.Bucket, version.Key, version.VersionId), true))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RecordAsync(version, now, CancellationToken.None);
            }
#pragma warning disable CA1031 // A failed record costs the version one day's access, never the read that caused it.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            finally
            {
                _recording.TryRemove((version.Bucket, version.Key, version.VersionId), out _);
            }
        });
    }

    /// <summary>
    /// Records the access at <paramref name="now"/> and moves the version back to Frequent if it is below; returns
    /// false when there was nothing to record (today's access was recorded, or the version is gone or changed).
    /// </summary>
    public async Task<bool> RecordAsync(ObjectInfo version, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!IsDue(version, now))
        {
            return false;
        }

        var recorded = await metadata.WriteKeyAsync(
            version.Bucket,
            version.Key,
            keyTx =>
            {
                // Judged again inside the transaction: another node or request may have recorded today's access.
                if (keyTx.Find(version.VersionId) is not { } stored || keyTx.Read(stored) is not { } current || !IsDue(current, now))
                {
                    return null;
                }

                var state = current.TieringOrDefault with { LastAccessed = now };
                keyTx.SetTiering(stored, state);
                return state;
            },
            state => state is not null,
            cancellationToken);
        if (recorded is { Tier: AccessTier.Infrequent or AccessTier.ArchiveInstant })
        {
            await moves.MoveAsync(version with { Tiering = recorded }, AccessTier.Frequent, cancellationToken);
        }

        return recorded is not null;
    }

    /// <summary>True for a monitored version, not archived, whose last recorded access is of an earlier day than <paramref name="now"/>'s.</summary>
    private bool IsDue(ObjectInfo version, DateTimeOffset now) =>
        AccessTierRules.IsMonitored(version) && !version.IsInArchiveAccessTier
        && LifecyclePosition.DayNumber(day, version.TieringOrDefault.LastAccessed) < LifecyclePosition.DayNumber(day, now);
}
