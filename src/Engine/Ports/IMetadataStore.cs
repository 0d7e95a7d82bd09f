using Coffer.Engine.Model;

namespace Coffer.Engine.Ports;

/// <summary>
/// Buckets, object versions and the bookkeeping of blobs. Every method that changes state is
/// one transaction: it either happens whole or not at all, and once it returns it is durable.
/// Keys are compared and ordered by their UTF-8 bytes. Times are kept to the millisecond, in UTC.
/// </summary>
public interface IMetadataStore
{
    // ---- Buckets

    /// <summary>Returns false when a bucket of that name exists already (and changes nothing).</summary>
    Task<bool> CreateBucketAsync(BucketInfo bucket, CancellationToken cancellationToken);

    /// <summary>Null when there is no such bucket.</summary>
    Task<BucketInfo?> GetBucketAsync(string name, CancellationToken cancellationToken);

    /// <summary>All buckets, ordered by name.</summary>
    Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on one bucket as a whole inside one write transaction, keeping its changes when
    /// <paramref name="keep"/> approves the result, as <see cref="WriteKeyAsync"/> does for a key. The engine's bucket
    /// rules (DeleteBucket) decide; the work must be quick and must not block.
    /// </summary>
    Task<T> WriteBucketAsync<T>(string bucket, Func<IBucketTransaction, T> work, Func<T, bool> keep, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the bucket's configuration (versioning state, object lock, default encryption; never its name, region, owner or
    /// creation time) with that of <paramref name="change"/>'s result, in one
    /// transaction whose reads see the bucket as it is at that moment; <paramref name="change"/> (the engine's rule)
    /// may throw to refuse, and then nothing changes. False when the bucket does not exist.
    /// </summary>
    Task<bool> UpdateBucketAsync(string name, Func<BucketInfo, BucketInfo> change, CancellationToken cancellationToken);

    // ---- Bucket settings

    /// <summary>
    /// The document stored under <paramref name="name"/> for <paramref name="bucket"/>; null when
    /// there is none, or no such bucket. Names are short stable keys chosen by the engine
    /// ("cors"); documents are opaque text that the layers above validated before storing.
    /// </summary>
    Task<string?> GetBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="document"/> under <paramref name="name"/>, replacing any document
    /// there. <see cref="CommitStatus.NoSuchBucket"/> when the bucket does not exist (then nothing
    /// is stored); otherwise <see cref="CommitStatus.Committed"/>.
    /// </summary>
    Task<CommitStatus> PutBucketSettingAsync(string bucket, string name, string document, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the document stored under <paramref name="name"/>, if any.
    /// <see cref="CommitStatus.NoSuchBucket"/> when the bucket does not exist; otherwise
    /// <see cref="CommitStatus.Committed"/>, whether or not there was a document.
    /// </summary>
    Task<CommitStatus> DeleteBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken);

    // ---- Objects

    /// <summary>The latest version of a key; null when the key has none (or the bucket does not exist).</summary>
    Task<ObjectInfo?> GetLatestAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>
    /// The version of a key with that id (which may be a delete marker); null when the key has none, or the bucket
    /// does not exist.
    /// </summary>
    Task<ObjectInfo?> GetVersionAsync(string bucket, string key, string versionId, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on one key inside one write transaction (which the store may share with other
    /// writes, each isolated from the others' failures), and keeps its changes when <paramref name="keep"/> approves
    /// the result; otherwise, or when the work throws, none of them stays. The result comes once the transaction is
    /// durable. The work decides (the engine's version rules); it must be quick and must not block. The token is
    /// honoured only while the work waits its turn: work is never abandoned half-way.
    /// </summary>
    Task<T> WriteKeyAsync<T>(string bucket, string key, Func<IKeyTransaction, T> work, Func<T, bool> keep, CancellationToken cancellationToken);

    /// <summary>
    /// Runs each of <paramref name="writes"/>, in order, on its key of <paramref name="bucket"/>, all inside one write
    /// transaction with one commit: as that many <see cref="WriteKeyAsync"/> calls would, each write seeing the changes
    /// of those before it and kept or undone alone, as <paramref name="keep"/> says of its result. When a write throws,
    /// nothing of any of them stays and the call fails with that exception. The results come, in the writes' order, once
    /// the transaction is durable. For many small writes at once (a lifecycle batch), so that their cost is one commit;
    /// keep the list short (a few hundred), as the transaction holds the store's writer while it runs. The token is
    /// honoured only while the writes wait their turn.
    /// </summary>
    Task<IReadOnlyList<T>> WriteKeysAsync<T>(string bucket, IReadOnlyList<KeyWrite<T>> writes, Func<T, bool> keep, CancellationToken cancellationToken);

    /// <summary>
    /// Latest versions of keys in <paramref name="bucket"/>, ordered by key, starting at the first
    /// key (as UTF-8 bytes) that is greater than <paramref name="after"/> (or greater than or equal
    /// when <paramref name="inclusive"/>) and that starts with <paramref name="prefix"/>; at most
    /// <paramref name="limit"/> of them. <paramref name="after"/> may be any byte string, not
    /// only valid UTF-8, so a listing can seek past every key that starts with a common prefix.
    /// Keys whose latest version is a delete marker are skipped, as ListObjects skips them.
    /// The cost is proportional to <paramref name="limit"/>, not to the size of the bucket.
    /// </summary>
    Task<IReadOnlyList<ObjectInfo>> ScanAsync(
        string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// What <see cref="ScanAsync"/> returns, except that keys containing <paramref name="delimiter"/>
    /// after <paramref name="prefix"/> come as one entry per common prefix (the key up to and
    /// including the first such delimiter), in key order among the versions, and the scan then seeks
    /// past every key that starts with it: a common prefix costs one seek, however many keys it
    /// holds. A common prefix is returned only when a key under it has a latest version that is not
    /// a delete marker. At most <paramref name="limit"/> entries, all read in one snapshot.
    /// <paramref name="delimiter"/> is UTF-8 and not empty.
    /// </summary>
    Task<IReadOnlyList<ScanEntry>> ScanGroupedAsync(
        string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> delimiter, int limit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Every version of the keys in <paramref name="bucket"/> that start with <paramref name="prefix"/>, delete markers
    /// included (ListObjectVersions): ordered by key (as UTF-8 bytes), then newest first, which is the order the versions
    /// were stored in, reversed; at most <paramref name="limit"/> entries, all read in one snapshot.
    /// <para>
    /// The scan starts after <paramref name="afterKey"/>, which may be any byte string. With
    /// <paramref name="afterVersionId"/> null, at the first key greater than it. Otherwise with the versions of that very
    /// key stored before the one with that id, then at the keys greater than it; when the key has no version with that
    /// id (it was removed since), or does not start with the prefix, the scan starts at the next key.
    /// </para>
    /// <para>
    /// With a non-empty <paramref name="delimiter"/> (UTF-8), keys containing it after the prefix come as one entry per
    /// common prefix, in key order among the versions, and the scan seeks past every key under it: a common prefix
    /// stands when any version lies under it, a delete marker included. An <paramref name="afterKey"/> under a common
    /// prefix means that prefix was returned already: the scan starts past it.
    /// </para>
    /// The cost is proportional to <paramref name="limit"/>, however many versions a key has or the bucket holds.
    /// </summary>
    Task<IReadOnlyList<ScanEntry>> ScanVersionsAsync(
        string bucket, ReadOnlyMemory<byte> afterKey, string? afterVersionId, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> delimiter, int limit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Versions whose restore needs the restore worker at <paramref name="now"/>: ongoing restores whose copy is due,
    /// and done restores whose copy has expired; earliest first, at most <paramref name="limit"/>. The cost is
    /// proportional to the limit, however many versions the store holds.
    /// </summary>
    Task<IReadOnlyList<RestoreDue>> ListRestoresDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    // ---- Multipart uploads

    /// <summary>
    /// Records a new upload. <see cref="CommitStatus.NoSuchBucket"/> when the bucket does not
    /// exist; otherwise <see cref="CommitStatus.Committed"/>. Upload ids are unique.
    /// </summary>
    Task<CommitStatus> CreateUploadAsync(UploadInfo upload, CancellationToken cancellationToken);

    /// <summary>
    /// The upload with that id, for that bucket and key; null when there is none (never created,
    /// completed, aborted, or created for another key).
    /// </summary>
    Task<UploadInfo?> GetUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// The upload's parts with a number greater than <paramref name="afterPartNumber"/>, in
    /// ascending order, at most <paramref name="limit"/>. Empty when the upload does not exist.
    /// </summary>
    Task<IReadOnlyList<PartInfo>> ListPartsAsync(
        string bucket, string key, string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Open uploads of <paramref name="bucket"/> whose key starts with <paramref name="prefix"/>,
    /// ordered by key (as UTF-8 bytes) then by upload id (ordinal), at most <paramref name="limit"/>.
    /// The listing starts after <paramref name="afterKey"/>: with <paramref name="afterUploadId"/>
    /// null, at the first key greater than it; otherwise also with the uploads of that very key
    /// whose id is greater. <paramref name="afterKey"/> may be any byte string, so a listing can
    /// seek past every key under a common prefix. The cost is proportional to the limit.
    /// </summary>
    Task<IReadOnlyList<UploadInfo>> ListUploadsAsync(
        string bucket, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> afterKey, string? afterUploadId, int limit,
        CancellationToken cancellationToken);

    /// <summary>Uploads created before <paramref name="initiatedBefore"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<UploadInfo>> ListAbandonedUploadsAsync(DateTimeOffset initiatedBefore, int limit, CancellationToken cancellationToken);

    // ---- Blob bookkeeping

    /// <summary>
    /// Blobs queued for deletion by earlier commits (a crash may have left some). No version
    /// references them, and none can again: a shared-blob commit naming one gets SourceGone.
    /// </summary>
    Task<IReadOnlyList<BlobId>> PendingBlobDeletionsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Forgets queued deletions once the blobs are gone.</summary>
    Task ForgetBlobDeletionsAsync(IReadOnlyCollection<BlobId> blobs, CancellationToken cancellationToken);

    /// <summary>True when any stored version, part of an open upload, or queued deletion still names the blob.</summary>
    Task<bool> IsBlobKnownAsync(BlobId blob, CancellationToken cancellationToken);

    /// <summary>Checks the store's own consistency (for SQLite, PRAGMA integrity_check); returns problems found.</summary>
    Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken);
}

/// <summary>A version whose restore is due for the restore worker.</summary>
public sealed record RestoreDue(string Bucket, string Key, string VersionId);

public enum DeleteBucketOutcome
{
    Deleted,
    NotFound,
    NotEmpty,
}

/// <summary>
/// A precondition on the current latest version, checked inside the commit transaction. Every
/// store evaluates it with <see cref="Check"/>, so the rule lives in one place. A delete marker
/// counts as no current version.
/// </summary>
public sealed record WriteCondition
{
    public static readonly WriteCondition None = new();

    /// <summary>If-None-Match: * — the key must have no current version.</summary>
    public bool MustNotExist { get; init; }

    /// <summary>
    /// If-Match — the current version must exist and have one of these comma-separated ETags
    /// ("*": any). Compared as S3 compares them: quotes and a weak "W/" prefix do not matter.
    /// </summary>
    public string? ETagMustMatch { get; init; }

    /// <summary>If-None-Match with entity tags — the current version, if any, must have none of them.</summary>
    public string? ETagMustNotMatch { get; init; }

    /// <summary>
    /// Null when the condition holds against the current version (its ETag, or null when the key
    /// has no current version), else the status to answer: ConditionFailed (412), or NotFound
    /// (404) for If-Match on a missing key, as S3 answers.
    /// </summary>
    public CommitStatus? Check(string? currentETag)
    {
        if (MustNotExist && currentETag is not null)
        {
            return CommitStatus.ConditionFailed;
        }

        if (ETagMustNotMatch is { } avoided && currentETag is not null && EntityTags.AnyMatches(avoided, currentETag))
        {
            return CommitStatus.ConditionFailed;
        }

        if (ETagMustMatch is { } wanted)
        {
            if (currentETag is null)
            {
                return CommitStatus.NotFound;
            }

            if (!EntityTags.AnyMatches(wanted, currentETag))
            {
                return CommitStatus.ConditionFailed;
            }
        }

        return null;
    }
}

public enum CommitStatus
{
    Committed,

    /// <summary>The condition did not hold and nothing changed.</summary>
    ConditionFailed,

    /// <summary>If-Match named a key with no current version, or the delete found nothing.</summary>
    NotFound,

    NoSuchBucket,

    /// <summary>
    /// A commit with <see cref="BlobOrigin.SharedWithStoredVersions"/> named a blob that no stored
    /// version references any more (the source was overwritten or deleted); nothing changed.
    /// </summary>
    SourceGone,

    /// <summary>The multipart upload does not exist (any more); nothing changed.</summary>
    NoSuchUpload,

    /// <summary>A part selected for completion is no longer stored with the blob the caller read; nothing changed.</summary>
    InvalidPart,

    /// <summary>Object lock protects the version that would be removed or replaced; nothing changed.</summary>
    ObjectLocked,

    /// <summary>The write carries a retention or a legal hold, and the bucket has no object lock; nothing changed.</summary>
    ObjectLockNotEnabled,

    /// <summary>
    /// A plaintext version, and the bucket now has a default encryption that the write did not see when it began (a
    /// PutBucketEncryption came in between); nothing changed, and the write may be sent again.
    /// </summary>
    DefaultEncryptionChanged,
}

/// <summary>A part chosen for a completed object: its number and the blob the caller read for it.</summary>
public readonly record struct SelectedPart(int PartNumber, BlobId Blob);

/// <summary>Where the blobs of a committed version come from.</summary>
public enum BlobOrigin
{
    /// <summary>Written for this version (PutObject, CompleteMultipartUpload); nothing references them yet.</summary>
    NewlyWritten,

    /// <summary>
    /// Referenced by versions already stored (CopyObject shares the source's blobs rather than
    /// copying bytes); the commit checks that they still are.
    /// </summary>
    SharedWithStoredVersions,
}

public sealed record CommitOutcome(CommitStatus Status, IReadOnlyList<BlobId> ReleasedBlobs)
{
    /// <summary>The version (or delete marker) the commit stored, with the id it was given.</summary>
    public ObjectInfo? Stored { get; init; }

    /// <summary>The version the commit replaced in place (a <c>null</c> version overwritten), if any.</summary>
    public StoredVersion? Replaced { get; init; }

    /// <summary>The version (or delete marker) the commit removed for good, if any.</summary>
    public StoredVersion? Removed { get; init; }

    public static CommitOutcome Of(CommitStatus status) => new(status, []);
}
