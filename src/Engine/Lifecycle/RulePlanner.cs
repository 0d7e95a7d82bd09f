using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Lifecycle;

/// <summary>What the worker will do to one version; <see cref="PageIndex"/> is its place in the page (-1: a version of an earlier page).</summary>
internal sealed record PlannedAction(PlannedKind Kind, int PageIndex, string Key, string VersionId, DateTimeOffset LastModified, string ETag, string? StorageClass = null)
{
    /// <summary>True when the action, done, takes the version's row away (so the scan cannot go on after it).</summary>
    public bool RemovesRow(BucketVersioning versioning) => Kind switch
    {
        PlannedKind.RemoveNoncurrent or PlannedKind.RemoveExpiredMarker => true,
        PlannedKind.ExpireCurrent => versioning == BucketVersioning.Unversioned || VersionId == VersionIds.Null && versioning == BucketVersioning.Suspended,
        _ => false,
    };
}

internal enum PlannedKind
{
    ExpireCurrent,
    RemoveNoncurrent,
    RemoveExpiredMarker,
    Transition,
}

/// <summary>
/// Decides, for one rule and one page of a version scan (by key, newest first), what is due: expiration or a transition
/// of current versions, removal or a transition of noncurrent ones, removal of expired object delete markers. Decides
/// only; the worker acts, and each action checks again inside its own transaction. Versions that object lock keeps are
/// counted here and planned for nothing.
/// </summary>
internal sealed class RulePlanner(LifecycleRule rule, LifecycleConfiguration configuration, LifecycleDay day, DateTimeOffset now, BucketVersioning versioning)
{
    private readonly List<PlannedAction> _actions = [];

    public IReadOnlyList<PlannedAction> Actions => _actions;

    /// <summary>
    /// Plans the page, going on from <paramref name="carry"/> (the key the previous page stopped in, if any); returns the
    /// carry for the next page. At the end of the scan, call <see cref="Finish"/> with what this returned.
    /// </summary>
    public KeyCarry? Plan(IReadOnlyList<ScanEntry> page, KeyCarry? carry, LifecycleCounts counts)
    {
        for (var index = 0; index < page.Count; index++)
        {
            var version = page[index].Version!;
            if (carry is null || carry.Key != version.Key)
            {
                // A new key: a delete marker still pending from the previous one had no version under it.
                Finish(carry);
                carry = version.IsLatest ? null : new KeyCarry(version.Key, now, 0);
            }
            else if (carry.LoneMarkerId is not null)
            {
                carry = carry with { LoneMarkerId = null, LoneMarkerModified = null };
            }

            carry = version.IsLatest ? PlanCurrent(index, version) : PlanNoncurrent(index, version, carry!, counts);
        }

        return carry;
    }

    /// <summary>The end of the scan: a delete marker pending in the last key had nothing under it.</summary>
    public void Finish(KeyCarry? carry)
    {
        if (carry is { LoneMarkerId: { } markerId, LoneMarkerModified: { } modified })
        {
            _actions.Add(new PlannedAction(PlannedKind.RemoveExpiredMarker, -1, carry.Key, markerId, modified, ""));
        }
    }

    private KeyCarry PlanCurrent(int index, ObjectInfo version)
    {
        var carry = new KeyCarry(version.Key, version.LastModified, 0);
        if (version.IsDeleteMarker)
        {
            return IsExpiredMarkerCandidate(version) ? carry with { LoneMarkerId = version.VersionId, LoneMarkerModified = version.LastModified } : carry;
        }

        if (!rule.Filter.Matches(version.Key, version.Size, version.Attributes.Tags))
        {
            return carry;
        }

        if (rule.Expiration is { } expiration && IsDue(expiration, version.LastModified))
        {
            var expire = Planned(PlannedKind.ExpireCurrent, index, version);
            _actions.Add(expire);

            // Where a delete marker now hides it, the version stays, as the newest noncurrent one.
            return expire.RemovesRow(versioning) ? carry : carry with { NoncurrentKept = 1 };
        }

        var target = TransitionRules.LatestDue(
            rule.Transitions.Select(t => (t.Date ?? day.After(version.LastModified, t.Days ?? 0), t.StorageClass)), now);
        PlanTransition(index, version, target);
        return carry;
    }

    private KeyCarry PlanNoncurrent(int index, ObjectInfo version, KeyCarry carry, LifecycleCounts counts)
    {
        var becameNoncurrent = carry.SuccessorModified;
        var next = carry with { SuccessorModified = version.LastModified, NoncurrentKept = carry.NoncurrentKept + 1 };
        var (size, tags) = version.IsDeleteMarker ? (0L, TagSet.Empty) : (version.Size, version.Attributes.Tags);
        if (!rule.Filter.Matches(version.Key, size, tags))
        {
            return next;
        }

        if (rule.NoncurrentVersionExpiration is { } expiration
            && day.After(becameNoncurrent, expiration.NoncurrentDays) <= now
            && carry.NoncurrentKept >= (expiration.NewerNoncurrentVersions ?? 0))
        {
            if (ObjectLockRules.Protects(StoredVersion.Of(version), bypassGovernance: false, now))
            {
                counts.Count(LifecycleAction.SkippedForLock);
                return next;
            }

            _actions.Add(Planned(PlannedKind.RemoveNoncurrent, index, version));
            return next with { NoncurrentKept = carry.NoncurrentKept };
        }

        if (!version.IsDeleteMarker)
        {
            var target = TransitionRules.LatestDue(
                rule.NoncurrentVersionTransitions
                    .Where(t => carry.NoncurrentKept >= (t.NewerNoncurrentVersions ?? 0))
                    .Select(t => (day.After(becameNoncurrent, t.NoncurrentDays), t.StorageClass)),
                now);
            PlanTransition(index, version, target);
        }

        return next;
    }

    private void PlanTransition(int index, ObjectInfo version, string? target)
    {
        if (target is not null
            && TransitionRules.MovesDown(version.Attributes.StorageClass, target)
            && TransitionRules.IsBigEnough(version.Size, target, rule.Filter, configuration.TransitionMinimumSize))
        {
            _actions.Add(Planned(PlannedKind.Transition, index, version) with { StorageClass = target });
        }
    }

    /// <summary>
    /// A current delete marker this rule removes once it is known to be the key's only version: with
    /// ExpiredObjectDeleteMarker, at once; with Expiration Days, once the marker is that old (S3 cleans up expired
    /// markers as part of Days, by the marker's own age).
    /// </summary>
    private bool IsExpiredMarkerCandidate(ObjectInfo marker)
    {
        if (rule.Expiration is not { } expiration || !rule.Filter.Matches(marker.Key, 0, TagSet.Empty))
        {
            return false;
        }

        return expiration.ExpiredObjectDeleteMarker == true
            || expiration.Days is { } days && day.After(marker.LastModified, days) <= now;
    }

    private bool IsDue(LifecycleExpiration expiration, DateTimeOffset lastModified) =>
        expiration.Days is { } days ? day.After(lastModified, days) <= now
        : expiration.Date is { } date && date <= now;

    private static PlannedAction Planned(PlannedKind kind, int index, ObjectInfo version) =>
        new(kind, index, version.Key, version.VersionId, version.LastModified, version.ETag);
}
