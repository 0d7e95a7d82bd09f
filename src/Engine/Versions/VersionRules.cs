using Coffer.Engine.Encryption;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Versions;

/// <summary>
/// S3's rules for a key's versions, run inside one write transaction over <see cref="IKeyTransaction"/>: which version
/// becomes current, which id a new version gets, what a delete does in each versioning state, what object lock
/// forbids, and which blobs are let go. Every check comes before the first change, so a refused write changes nothing;
/// the store only keeps what these rules decide.
/// </summary>
public static class VersionRules
{
    /// <summary>
    /// Makes <paramref name="version"/> the key's current version (its <see cref="ObjectInfo.VersionId"/> and
    /// <see cref="ObjectInfo.IsLatest"/> are decided here). Checks, in order: the bucket exists; the bucket's default
    /// encryption has not changed under the write; borrowed blobs are still referenced; the caller's condition holds
    /// against the current version; lock settings need a locked bucket; a version replaced in place is not protected.
    /// </summary>
    public static CommitOutcome Commit(IKeyTransaction keyTx, ObjectInfo version, WriteCondition condition, BlobOrigin origin)
    {
        if (keyTx.FindBucket() is not { } bucket)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchBucket);
        }

        // A PutObject or CopyObject chose its encryption when it read the bucket, before this transaction.
        if (!version.IsDeleteMarker && !DefaultEncryptionRules.Obeys(version.Attributes, bucket))
        {
            return CommitOutcome.Of(CommitStatus.DefaultEncryptionChanged);
        }

        // Between the caller reading a copy's source and this transaction, a delete may have released its blobs and the
        // blob store removed the files; referencing them now would be data loss.
        if (origin == BlobOrigin.SharedWithStoredVersions && !version.Segments.All(segment => keyTx.IsReferenced(segment.Blob)))
        {
            return CommitOutcome.Of(CommitStatus.SourceGone);
        }

        return Install(keyTx, bucket, version, condition, []);
    }

    /// <summary>
    /// Turns an open upload into the key's current version, as <see cref="Commit"/> does, after checking that the
    /// upload is still open and that each selected part still holds the blob the caller read. The upload goes; the
    /// blobs of parts left out are let go.
    /// </summary>
    public static CommitOutcome Complete(
        IKeyTransaction keyTx, UploadInfo upload, IReadOnlyList<SelectedPart> selection, ObjectInfo version, WriteCondition condition)
    {
        if (keyTx.FindBucket() is not { } bucket)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchBucket);
        }

        if (keyTx.FindUpload(upload.UploadId) is not { } open)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchUpload);
        }

        // An UploadPart that replaced a part since the caller read it released the blob the caller saw.
        if (selection.Any(chosen => !open.Parts.TryGetValue(chosen.PartNumber, out var blob) || blob != chosen.Blob))
        {
            return CommitOutcome.Of(CommitStatus.InvalidPart);
        }

        var chosenBlobs = selection.Select(chosen => chosen.Blob).ToHashSet();
        var outcome = Install(keyTx, bucket, version, condition, [.. open.Parts.Values.Where(blob => !chosenBlobs.Contains(blob))], open);
        return outcome;
    }

    /// <summary>
    /// DeleteObject without a version id. Unversioned: the version goes. Enabled: a delete marker becomes current and
    /// nothing goes. Suspended: the <c>null</c> version, if any, goes and a <c>null</c> delete marker becomes current.
    /// NotFound when an unversioned key has no version (S3 answers success; the caller decides).
    /// </summary>
    public static CommitOutcome DeleteCurrent(IKeyTransaction keyTx, WriteCondition condition, string owner, DateTimeOffset now)
    {
        if (keyTx.FindBucket() is not { } bucket)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchBucket);
        }

        return DeleteCurrentOf(keyTx, bucket, keyTx.FindLatest(), condition, owner, now);
    }

    /// <summary>As above, for a caller that has read the bucket and the key's latest version in this transaction already.</summary>
    internal static CommitOutcome DeleteCurrentOf(IKeyTransaction keyTx, BucketInfo bucket, StoredVersion? latest, WriteCondition condition, string owner, DateTimeOffset now)
    {
        if (condition.Check(CurrentETag(latest)) is { } failed)
        {
            return CommitOutcome.Of(failed);
        }

        if (bucket.Versioning == BucketVersioning.Unversioned)
        {
            return latest is null ? CommitOutcome.Of(CommitStatus.NotFound) : Remove(keyTx, latest, bypassGovernance: false, now);
        }

        var marker = new ObjectInfo
        {
            Bucket = keyTx.Bucket,
            Key = keyTx.Key,
            VersionId = bucket.Versioning == BucketVersioning.Enabled ? VersionIds.New() : VersionIds.Null,
            Size = 0,
            ETag = "",
            LastModified = now,
            Attributes = ObjectAttributes.Default with { Owner = owner },
            IsDeleteMarker = true,
        };
        return Install(keyTx, bucket, marker, WriteCondition.None, []);
    }

    /// <summary>
    /// DeleteObject with a version id: that version (or delete marker) goes for good, unless object lock protects it;
    /// when it was current, the newest remaining version becomes current. NotFound when the key has no such version.
    /// </summary>
    public static CommitOutcome DeleteVersion(IKeyTransaction keyTx, string versionId, bool bypassGovernance, DateTimeOffset now)
    {
        if (keyTx.FindBucket() is null)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchBucket);
        }

        return keyTx.Find(versionId) is { } version ? Remove(keyTx, version, bypassGovernance, now) : CommitOutcome.Of(CommitStatus.NotFound);
    }

    /// <summary>As above, for a caller that has found the version in this transaction already.</summary>
    internal static CommitOutcome DeleteFoundVersion(IKeyTransaction keyTx, StoredVersion version, bool bypassGovernance, DateTimeOffset now) =>
        Remove(keyTx, version, bypassGovernance, now);

    /// <summary>
    /// Makes the key look as it did at <paramref name="instant"/> without destroying anything: when the version current
    /// then (the newest stored at or before it) differs from the current one, a new current version shares its blobs
    /// (no byte is copied) and attributes; when the key had no version then, or a delete marker, a delete marker hides
    /// it now. A key already as it was (same ETag and blobs, or hidden either way) is left alone, so a rewind run twice
    /// changes nothing the second time. Needs versioning enabled: in a suspended bucket the new version would replace
    /// the null version, and rewind never destroys a version. The outcome's <see cref="CommitOutcome.Stored"/> is what
    /// it added; null when the key was left alone.
    /// </summary>
    public static CommitOutcome Rewind(IKeyTransaction keyTx, DateTimeOffset instant, string owner, DateTimeOffset now)
    {
        if (keyTx.FindBucket() is not { } bucket)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchBucket);
        }

        if (bucket.Versioning != BucketVersioning.Enabled)
        {
            throw new EngineException(EngineError.InvalidBucketState, RewindNeedsVersioning);
        }

        var latest = keyTx.FindLatest();
        var then = keyTx.FindNewestAsOf(instant);
        if (then is null or { IsDeleteMarker: true })
        {
            return latest is null or { IsDeleteMarker: true }
                ? CommitOutcome.Of(CommitStatus.Committed)
                : DeleteCurrent(keyTx, WriteCondition.None, owner, now);
        }

        var past = keyTx.Read(then);
        if (latest is { IsDeleteMarker: false } && latest.ETag == past.ETag && keyTx.Read(latest).Segments.Select(s => s.Blob).SequenceEqual(past.Segments.Select(s => s.Blob)))
        {
            return CommitOutcome.Of(CommitStatus.Committed);
        }

        // A new version like the one of then, dated now; lock settings are the new version's own (the bucket's default).
        var restored = past with
        {
            LastModified = now,
            UploadId = null,
            Attributes = past.Attributes with { Retention = null, LegalHold = LegalHoldStatus.Off },
        };
        return Install(keyTx, bucket, restored, WriteCondition.None, []);
    }

    /// <summary>Why a rewind refuses a bucket whose versioning is not enabled.</summary>
    public const string RewindNeedsVersioning =
        "Rewind needs versioning enabled on the bucket: it restores earlier versions, and keeps every version it finds.";

    /// <summary>Replaces the ACL of one version; NotFound when there is no such version or it is a delete marker.</summary>
    public static CommitStatus SetAcl(IKeyTransaction keyTx, string versionId, string? acl)
    {
        if (keyTx.FindBucket() is null)
        {
            return CommitStatus.NoSuchBucket;
        }

        if (keyTx.Find(versionId) is not { IsDeleteMarker: false } version)
        {
            return CommitStatus.NotFound;
        }

        keyTx.SetAcl(version, acl);
        return CommitStatus.Committed;
    }

    /// <summary>
    /// Replaces the tags of one version (PutObjectTagging; DeleteObjectTagging sets the empty set); the content, the
    /// ACL and the lock stay. NotFound when there is no such version or it is a delete marker, which has no tags.
    /// </summary>
    public static CommitStatus SetTags(IKeyTransaction keyTx, string versionId, TagSet tags)
    {
        if (keyTx.FindBucket() is null)
        {
            return CommitStatus.NoSuchBucket;
        }

        if (keyTx.Find(versionId) is not { IsDeleteMarker: false } version)
        {
            return CommitStatus.NotFound;
        }

        keyTx.SetTags(version, tags);
        return CommitStatus.Committed;
    }

    /// <summary>
    /// PutObjectRetention on one version: the bucket must have object lock (ObjectLockNotEnabled); the version must
    /// exist and not be a delete marker (NotFound); the change must be one <see cref="ObjectLockRules.MayChangeRetention"/>
    /// allows (ObjectLocked). Null removes the retention, which only an ended or bypassed GOVERNANCE one permits.
    /// </summary>
    public static CommitStatus SetRetention(IKeyTransaction keyTx, string versionId, ObjectRetention? retention, bool bypassGovernance, DateTimeOffset now)
    {
        if (LockedVersion(keyTx, versionId, out var version) is { } refused)
        {
            return refused;
        }

        if (!ObjectLockRules.MayChangeRetention(version!.Retention, retention, bypassGovernance, now))
        {
            return CommitStatus.ObjectLocked;
        }

        keyTx.SetRetention(version, retention);
        return CommitStatus.Committed;
    }

    /// <summary>
    /// PutObjectLegalHold on one version: the bucket must have object lock (ObjectLockNotEnabled); the version must
    /// exist and not be a delete marker (NotFound). Anyone allowed the call may put a hold on or take it off.
    /// </summary>
    public static CommitStatus SetLegalHold(IKeyTransaction keyTx, string versionId, LegalHoldStatus legalHold)
    {
        if (LockedVersion(keyTx, versionId, out var version) is { } refused)
        {
            return refused;
        }

        keyTx.SetLegalHold(version!, legalHold);
        return CommitStatus.Committed;
    }

    /// <summary>The version a lock setting changes, or why there is none to change.</summary>
    private static CommitStatus? LockedVersion(IKeyTransaction keyTx, string versionId, out StoredVersion? version)
    {
        version = null;
        if (keyTx.FindBucket() is not { } bucket)
        {
            return CommitStatus.NoSuchBucket;
        }

        if (bucket.ObjectLock is null)
        {
            return CommitStatus.ObjectLockNotEnabled;
        }

        version = keyTx.Find(versionId);
        return version is { IsDeleteMarker: false } ? null : CommitStatus.NotFound;
    }

    private static CommitOutcome Install(
        IKeyTransaction keyTx, BucketInfo bucket, ObjectInfo version, WriteCondition condition, List<BlobId> candidates, StoredUpload? completing = null)
    {
        var latest = keyTx.FindLatest();
        if (condition.Check(CurrentETag(latest)) is { } failed)
        {
            return CommitOutcome.Of(failed);
        }

        var attributes = version.Attributes;
        if (bucket.ObjectLock is null && (attributes.Retention is not null || attributes.LegalHold == LegalHoldStatus.On))
        {
            return CommitOutcome.Of(CommitStatus.ObjectLockNotEnabled);
        }

        // Only a null version is ever replaced in place: every id an enabled bucket gives is new. A key with versions
        // always has a current one (a version steps down only for a new one, and removing the current one promotes the
        // newest left), so a key without one has no null version to look up: the usual PUT of a new key, one read less.
        var versionId = bucket.Versioning == BucketVersioning.Enabled ? VersionIds.New() : VersionIds.Null;
        var replaced = versionId != VersionIds.Null || latest is null ? null
            : latest.VersionId == VersionIds.Null ? latest
            : keyTx.Find(VersionIds.Null);
        if (replaced is not null && ObjectLockRules.Protects(replaced, bypassGovernance: false, version.LastModified))
        {
            return CommitOutcome.Of(CommitStatus.ObjectLocked);
        }

        if (completing is not null)
        {
            keyTx.RemoveUpload(completing);
        }

        if (replaced is not null)
        {
            candidates.AddRange(keyTx.Remove(replaced));
        }

        // The store allows one latest version per key at any moment: the old one steps down before the new one goes in.
        if (latest is not null && latest.Handle != replaced?.Handle)
        {
            keyTx.SetLatest(latest, false);
        }

        // A new version starts with no restore and no Intelligent-Tiering history, whatever the version it copies had.
        var stored = version with
        {
            VersionId = versionId,
            IsLatest = true,
            Restore = null,
            Tiering = null,
            Attributes = version.IsDeleteMarker
                ? attributes
                : attributes with { Retention = ObjectLockRules.RetentionFor(attributes, bucket, version.LastModified) },
        };
        keyTx.InsertLatest(stored);

        // Last, after every row change, so that a blob the new version still holds (a copy onto itself) stays.
        return new CommitOutcome(CommitStatus.Committed, keyTx.ReleaseUnreferenced(candidates)) { Stored = stored, Replaced = replaced };
    }

    private static CommitOutcome Remove(IKeyTransaction keyTx, StoredVersion version, bool bypassGovernance, DateTimeOffset now)
    {
        if (ObjectLockRules.Protects(version, bypassGovernance, now))
        {
            return CommitOutcome.Of(CommitStatus.ObjectLocked);
        }

        var candidates = keyTx.Remove(version);
        if (version.IsLatest && keyTx.FindNewest() is { } newest)
        {
            keyTx.SetLatest(newest, true);
        }

        return new CommitOutcome(CommitStatus.Committed, keyTx.ReleaseUnreferenced(candidates)) { Removed = version };
    }

    /// <summary>A delete marker is no current version, for If-Match and If-None-Match alike.</summary>
    private static string? CurrentETag(StoredVersion? latest) => latest is { IsDeleteMarker: false } ? latest.ETag : null;
}
