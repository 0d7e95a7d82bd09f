using Coffer.Engine.Model;

namespace Coffer.Engine.Errors;

/// <summary>
/// A request the engine refuses, by rule. The protocol layer maps <see cref="Code"/> to its own
/// error vocabulary; the engine knows nothing of HTTP status codes. <paramref name="cause"/> is the
/// storage failure behind a refusal the stores raise themselves (<see cref="EngineError.StorageFull"/>).
/// </summary>
public sealed class EngineException(EngineError code, string? message = null, Exception? cause = null)
    : Exception(message ?? code.ToString(), cause)
{
    public EngineError Code { get; } = code;

    /// <summary>Facts that explain the refusal (a part number, a size), in order; S3 adds them to its error document.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];

    /// <summary>The delete marker a read met: the one that hides the key (NoSuchKey), or the one named (DeleteMarkerNamed).</summary>
    public ObjectInfo? DeleteMarker { get; init; }
}

public enum EngineError
{
    NoSuchBucket,
    NoSuchKey,

    /// <summary>A version id that names no stored version of the key.</summary>
    NoSuchVersion,
    BucketAlreadyExists,
    BucketNotEmpty,
    PreconditionFailed,
    NotModified,

    /// <summary>Content-MD5 did not match the body.</summary>
    BadDigest,

    /// <summary>An x-amz-checksum-* value did not match the body; the message names the algorithm.</summary>
    ChecksumMismatch,

    /// <summary>The body was shorter or longer than its declared length.</summary>
    IncompleteBody,
    EntityTooLarge,
    ConditionalRequestConflict,

    /// <summary>A value of the request is out of its range; the message says which.</summary>
    InvalidArgument,

    /// <summary>The request contradicts earlier state (e.g. a part's checksum algorithm differs from its upload's).</summary>
    InvalidRequest,

    NoSuchUpload,

    /// <summary>A part named for completion was never uploaded, or its ETag differs.</summary>
    InvalidPart,

    /// <summary>The parts named for completion are not in strictly ascending order.</summary>
    InvalidPartOrder,

    /// <summary>A part other than the last is smaller than the minimum part size.</summary>
    EntityTooSmall,

    /// <summary>A byte range lies outside the object it names (x-amz-copy-source-range).</summary>
    InvalidRange,

    /// <summary>
    /// The blob store or the metadata store has no space left (ENOSPC, SQLITE_FULL). Raised by the
    /// stores themselves; nothing of the write stays visible. Writes work again once space is freed.
    /// </summary>
    StorageFull,

    /// <summary>
    /// The metadata store cannot be reached (the shared database down, or too slow to answer). Raised by the store;
    /// whether a write it cut short committed is unknown to this node, as for any lost connection, so the client is
    /// told to try again (S3's 503), which the conditions and idempotent keys of S3 writes make safe.
    /// </summary>
    MetadataUnavailable,

    /// <summary>
    /// The embedded metadata database was moved to another store (`coffer admin migrate`) and takes no more writes;
    /// raised by the store. Nothing of the write stayed. The server switches to the new store within moments, so the
    /// client is told to try again (S3's 503), as for <see cref="MetadataUnavailable"/>.
    /// </summary>
    MetadataMoved,

    /// <summary>
    /// The shared metadata store kept aborting the write for what concurrent writes did (serialization failures) and the
    /// store gave up after its bounded retries; nothing changed. S3's 503 SlowDown: the client retries later.
    /// </summary>
    WriteContention,

    /// <summary>A tag set breaks one of S3's tag rules; the message says which (see Model/TagSet).</summary>
    InvalidTag,

    /// <summary>The request asks for something the engine does not do yet; the message says what. Nothing was changed.</summary>
    NotImplemented,

    /// <summary>Object lock protects the version the request would remove or replace (S3's 403 AccessDenied).</summary>
    ObjectLocked,

    /// <summary>The bucket's state forbids the change, e.g. suspending versioning on a bucket with object lock (409).</summary>
    InvalidBucketState,

    /// <summary>An SSE-C key that is not the one the object or upload was encrypted with (S3's 403 AccessDenied).</summary>
    WrongCustomerKey,

    /// <summary>The version named is a delete marker, which GET and HEAD cannot serve (S3's 405 MethodNotAllowed).</summary>
    DeleteMarkerNamed,

    /// <summary>
    /// The version is in an archive class and has no restored copy to serve (S3's 403 InvalidObjectState), or a
    /// restore was asked of a version that is not archived.
    /// </summary>
    InvalidObjectState,

    /// <summary>A restore of the version is already running (S3's 409 RestoreAlreadyInProgress).</summary>
    RestoreAlreadyInProgress,

    /// <summary>A bucket already has as many configurations of a kind as S3 allows (1,000 Intelligent-Tiering configurations).</summary>
    TooManyConfigurations,
}
