using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Versions;

/// <summary>
/// What the lifecycle worker may do to a key, inside one write transaction: the worker judged a version due from a
/// scan, and a client may have changed the key since, so each rule first checks that the version is still the one
/// judged, then does what a client's delete would do (<see cref="VersionRules"/>), object lock included.
/// </summary>
public static class LifecycleVersionRules
{
    /// <summary>
    /// Expiration of the current version: as DeleteObject without a version id (removed when unversioned; a delete
    /// marker above it otherwise, even above a locked version, as S3 does), but only while the key's current version is
    /// still <paramref name="versionId"/> last modified at <paramref name="lastModified"/>: an overwrite since is a new
    /// object whose days start again. NotFound when it is not.
    /// </summary>
    public static CommitOutcome ExpireCurrent(IKeyTransaction keyTx, string versionId, DateTimeOffset lastModified, DateTimeOffset now)
    {
        if (keyTx.FindBucket() is not { } bucket)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchBucket);
        }

        // Every other id is new with each write, but an overwrite of the "null" version keeps its id: its time tells.
        if (keyTx.FindLatest() is not { IsDeleteMarker: false } latest
            || latest.VersionId != versionId
            || (versionId == VersionIds.Null && latest.LastModified != lastModified))
        {
            return CommitOutcome.Of(CommitStatus.NotFound);
        }

        return VersionRules.DeleteCurrentOf(keyTx, bucket, latest, WriteCondition.None, bucket.Owner, now);
    }

    /// <summary>
    /// NoncurrentVersionExpiration: removes a version (or delete marker) for good while it is still noncurrent, unless
    /// object lock protects it (ObjectLocked). NotFound when it is gone or has become current again meanwhile.
    /// </summary>
    public static CommitOutcome RemoveNoncurrent(IKeyTransaction keyTx, string versionId, DateTimeOffset now)
    {
        if (keyTx.FindBucket() is null)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchBucket);
        }

        return keyTx.Find(versionId) is { IsLatest: false } version
            ? VersionRules.DeleteFoundVersion(keyTx, version, bypassGovernance: false, now)
            : CommitOutcome.Of(CommitStatus.NotFound);
    }

    /// <summary>
    /// An expired object delete marker: the current version is the delete marker <paramref name="versionId"/> and no
    /// other version of the key remains, so it hides nothing and goes. ConditionFailed (and nothing changes) when a
    /// version remains under it; NotFound when it is no longer the current version.
    /// </summary>
    public static CommitOutcome RemoveExpiredDeleteMarker(IKeyTransaction keyTx, string versionId, DateTimeOffset now)
    {
        if (keyTx.FindBucket() is null)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchBucket);
        }

        if (keyTx.FindLatest() is not { IsDeleteMarker: true } latest || latest.VersionId != versionId)
        {
            return CommitOutcome.Of(CommitStatus.NotFound);
        }

        var outcome = VersionRules.DeleteFoundVersion(keyTx, latest, bypassGovernance: false, now);

        // Removing it made the newest remaining version current: the marker still hid one, so the change is undone.
        return keyTx.FindNewest() is null ? outcome : CommitOutcome.Of(CommitStatus.ConditionFailed);
    }
}
