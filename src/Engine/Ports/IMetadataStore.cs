using Coffer.Engine.Model;

namespace Coffer.Engine.Ports;

/// <summary>
/// Buckets, object versions and the bookkeeping of blobs. Every method that changes state is
/// one transaction: it either happens whole or not at all, and once it returns it is durable.
/// Keys are compared and ordered by their UTF-8 bytes.
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

    Task<DeleteBucketOutcome> DeleteBucketAsync(string name, CancellationToken cancellationToken);

    // ---- Objects

    /// <summary>The latest version of a key; null when the key has none (or the bucket does not exist).</summary>
    Task<ObjectInfo?> GetLatestAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="version"/> the latest version of its key, in one transaction that
    /// first checks <paramref name="condition"/> against the current latest version. In an
    /// unversioned bucket the replaced version is removed; the blobs it referenced are queued
    /// for deletion (see <see cref="PendingBlobDeletionsAsync"/>) in the same transaction and
    /// returned so that the caller can delete them at once.
    /// </summary>
    Task<CommitOutcome> CommitVersionAsync(ObjectInfo version, WriteCondition condition, BlobOrigin origin, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the latest version of a key after checking <paramref name="condition"/>. The blobs
    /// it referenced are queued for deletion in the same transaction and returned.
    /// </summary>
    Task<CommitOutcome> DeleteLatestAsync(string bucket, string key, WriteCondition condition, CancellationToken cancellationToken);

    /// <summary>
    /// Latest versions of keys in <paramref name="bucket"/>, ordered by key, starting at the first
    /// key (as UTF-8 bytes) that is greater than <paramref name="after"/> (or greater than or equal
    /// when <paramref name="inclusive"/>) and that starts with <paramref name="prefix"/>; at most
    /// <paramref name="limit"/> of them. <paramref name="after"/> may be any byte string, not
    /// only valid UTF-8, so a listing can seek past every key that starts with a common prefix.
    /// </summary>
    Task<IReadOnlyList<ObjectInfo>> ScanAsync(
        string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, int limit, CancellationToken cancellationToken);

    // ---- Blob bookkeeping

    /// <summary>Blobs queued for deletion by earlier commits (a crash may have left some).</summary>
    Task<IReadOnlyList<BlobId>> PendingBlobDeletionsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Forgets queued deletions once the blobs are gone.</summary>
    Task ForgetBlobDeletionsAsync(IReadOnlyCollection<BlobId> blobs, CancellationToken cancellationToken);

    /// <summary>True when any stored version (or queued deletion) still names the blob.</summary>
    Task<bool> IsBlobKnownAsync(BlobId blob, CancellationToken cancellationToken);

    /// <summary>Checks the store's own consistency (for SQLite, PRAGMA integrity_check); returns problems found.</summary>
    Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken);
}

public enum DeleteBucketOutcome
{
    Deleted,
    NotFound,
    NotEmpty,
}

/// <summary>A precondition on the current latest version, checked inside the commit transaction.</summary>
public sealed record WriteCondition
{
    public static readonly WriteCondition None = new();

    /// <summary>If-None-Match: * — the key must have no current version.</summary>
    public bool MustNotExist { get; init; }

    /// <summary>If-Match — the current version must exist and have this ETag (quoted).</summary>
    public string? ETagMustMatch { get; init; }
}

public enum CommitStatus
{
    Committed,

    /// <summary>The condition did not hold and nothing changed.</summary>
    ConditionFailed,

    /// <summary>If-Match named a key with no current version, or the delete found nothing.</summary>
    NotFound,

    NoSuchBucket,

    /// <summary>A commit with <see cref="BlobOrigin.SharedWithStoredVersions"/> named a blob no version references any more.</summary>
    SourceGone,
}

/// <summary>Where the blobs of a committed version come from.</summary>
public enum BlobOrigin
{
    /// <summary>Written for this version (PutObject).</summary>
    NewlyWritten,

    /// <summary>
    /// Already referenced by stored versions (CopyObject shares the source's blobs instead of
    /// copying bytes). The commit checks they are still referenced, else <see cref="CommitStatus.SourceGone"/>.
    /// </summary>
    SharedWithStoredVersions,
}

public sealed record CommitOutcome(CommitStatus Status, IReadOnlyList<BlobId> ReleasedBlobs)
{
    public static CommitOutcome Of(CommitStatus status) => new(status, []);
}
