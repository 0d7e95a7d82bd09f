using Coffer.Engine.Model;

namespace Coffer.Engine.Ports;

/// <summary>
/// One key of one bucket as one write transaction sees it: its bucket, its versions and its open uploads. The
/// engine's version rules (<c>Engine/Versions</c>) decide what changes and call these methods to read and write rows;
/// the store decides nothing. Valid only inside the work given to <see cref="IMetadataStore.WriteKeyAsync"/>; every
/// read sees the changes made before it in the same work.
/// </summary>
public interface IKeyTransaction
{
    string Bucket { get; }

    string Key { get; }

    /// <summary>The bucket, with its versioning state and object lock, as of this transaction; null when it does not exist.</summary>
    BucketInfo? FindBucket();

    /// <summary>The key's latest version (which may be a delete marker); null when the key has no version.</summary>
    StoredVersion? FindLatest();

    /// <summary>The version with that id; null when the key has none.</summary>
    StoredVersion? Find(string versionId);

    /// <summary>The version stored last among those that remain; null when the key has none left.</summary>
    StoredVersion? FindNewest();

    /// <summary>The version stored last among those last modified at or before <paramref name="instant"/>; null when none was.</summary>
    StoredVersion? FindNewestAsOf(DateTimeOffset instant);

    /// <summary>The whole version: attributes and segments (without inline content; the blob ids name it).</summary>
    ObjectInfo Read(StoredVersion version);

    /// <summary>
    /// Stores <paramref name="version"/> as the key's latest version. The key must have no latest version at that
    /// moment (clear it first with <see cref="SetLatest"/>), and none with the same version id. Its
    /// <see cref="ObjectInfo.Restore"/> and <see cref="ObjectInfo.Tiering"/> are null (the rules give a new version
    /// neither; <see cref="SetRestore"/> and <see cref="SetTiering"/> change them later), so they are not stored.
    /// </summary>
    StoredVersion InsertLatest(ObjectInfo version);

    void SetLatest(StoredVersion version, bool isLatest);

    /// <summary>Removes a version for good; returns the blobs it referenced, candidates for <see cref="ReleaseUnreferenced"/>.</summary>
    IReadOnlyList<BlobId> Remove(StoredVersion version);

    void SetAcl(StoredVersion version, string? acl);

    void SetTags(StoredVersion version, TagSet tags);

    void SetRetention(StoredVersion version, ObjectRetention? retention);

    void SetLegalHold(StoredVersion version, LegalHoldStatus legalHold);

    /// <summary>
    /// Replaces the version's restore (null: none), its restored copies included; returns the copies it had, candidates
    /// for <see cref="ReleaseUnreferenced"/>.
    /// </summary>
    IReadOnlyList<BlobId> SetRestore(StoredVersion version, ArchiveRestore? restore);

    /// <summary>Replaces the version's Intelligent-Tiering state (null: none, the defaults of a version never moved).</summary>
    void SetTiering(StoredVersion version, TieringState? state);

    /// <summary>
    /// Moves the version to another storage class whose segments are now <paramref name="segments"/> (one per segment, in
    /// order, holding the same bytes: only each one's blob and <see cref="BlobSegment.SealedAs"/> are stored); returns the
    /// blobs the segments had, candidates for <see cref="ReleaseUnreferenced"/>.
    /// </summary>
    IReadOnlyList<BlobId> MoveSegments(StoredVersion version, string storageClass, IReadOnlyList<BlobSegment> segments);

    /// <summary>True when some stored version of any key still references the blob.</summary>
    bool IsReferenced(BlobId blob);

    /// <summary>An open upload of this key with its parts; null when there is none with that id.</summary>
    StoredUpload? FindUpload(string uploadId);

    /// <summary>
    /// The open upload of this key with that id, without its parts: a write that changes one part needs none of the
    /// others, and an upload may hold 10,000. Null when there is none.
    /// </summary>
    OpenUpload? FindOpenUpload(string uploadId);

    /// <summary>Stores a part of the upload, replacing the part with its number; returns the blob the replaced part held, null when none.</summary>
    BlobId? PutPart(OpenUpload upload, PartInfo part);

    /// <summary>Removes an upload and its part rows (not their blobs: release those that no version took).</summary>
    void RemoveUpload(StoredUpload upload);

    /// <summary>
    /// Queues for deletion, in this transaction, each candidate that nothing references any more (no version, no
    /// part), and returns those; inline blobs go at once and are not returned. Call it after every row change, so
    /// that a blob the new version keeps (a copy onto itself) is not released.
    /// </summary>
    IReadOnlyList<BlobId> ReleaseUnreferenced(IEnumerable<BlobId> candidates);
}

/// <summary>
/// What the version rules need to know of a stored version: which it is, whether a write condition matches it, whether
/// object lock protects it, and when it was written (a <c>null</c> version keeps its id when overwritten; its time
/// tells the two apart). <see cref="Handle"/> is the store's own name for the row.
/// </summary>
public sealed record StoredVersion(
    long Handle,
    string VersionId,
    string ETag,
    DateTimeOffset LastModified,
    bool IsDeleteMarker,
    bool IsLatest,
    ObjectRetention? Retention,
    LegalHoldStatus LegalHold)
{
    /// <summary>What the rules need of <paramref name="version"/>, stored as row <paramref name="handle"/> (0: none).</summary>
    public static StoredVersion Of(ObjectInfo version, long handle = 0) => new(
        handle, version.VersionId, version.ETag, version.LastModified, version.IsDeleteMarker, version.IsLatest, version.Attributes.Retention,
        version.Attributes.LegalHold);
}

/// <summary>An open upload inside a write transaction, without its parts; <see cref="Handle"/> is the store's own name for the row.</summary>
public sealed record OpenUpload(long Handle, UploadInfo Upload);

/// <summary>An open upload inside a write transaction: the upload and the blob each part number holds.</summary>
public sealed record StoredUpload(long Handle, UploadInfo Upload, IReadOnlyDictionary<int, BlobId> Parts);
