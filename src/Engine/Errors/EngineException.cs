namespace Coffer.Engine.Errors;

/// <summary>
/// A request the engine refuses, by rule. The protocol layer maps <see cref="Code"/> to its own
/// error vocabulary; the engine knows nothing of HTTP status codes.
/// </summary>
public sealed class EngineException(EngineError code, string? message = null) : Exception(message ?? code.ToString())
{
    public EngineError Code { get; } = code;
}

public enum EngineError
{
    NoSuchBucket,
    NoSuchKey,
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
}
