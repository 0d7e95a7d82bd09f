using Coffer.Engine.Errors;

namespace Coffer.S3.Errors;

/// <summary>Translates the engine's refusals into S3 errors.</summary>
public static class EngineErrors
{
    public static S3Exception ToS3(EngineException exception) => exception.Code switch
    {
        EngineError.NoSuchBucket => new S3Exception(S3Error.NoSuchBucket),
        EngineError.NoSuchKey => new S3Exception(S3Error.NoSuchKey),
        EngineError.BucketAlreadyExists => new S3Exception(S3Error.BucketAlreadyOwnedByYou),
        EngineError.BucketNotEmpty => new S3Exception(S3Error.BucketNotEmpty),
        EngineError.PreconditionFailed => new S3Exception(S3Error.PreconditionFailed),
        EngineError.NotModified => new S3Exception(S3Error.NotModified),
        EngineError.BadDigest => new S3Exception(S3Error.BadDigest),
        EngineError.ChecksumMismatch => new S3Exception(S3Error.BadDigest, exception.Message),
        EngineError.IncompleteBody => new S3Exception(S3Error.IncompleteBody),
        EngineError.EntityTooLarge => new S3Exception(S3Error.EntityTooLarge),
        EngineError.ConditionalRequestConflict => new S3Exception(S3Error.ConditionalRequestConflict),
        _ => new S3Exception(S3Error.InternalError),
    };
}
