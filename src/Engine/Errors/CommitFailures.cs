using Coffer.Engine.Ports;

namespace Coffer.Engine.Errors;

/// <summary>The engine error for each way a metadata transaction can decline.</summary>
internal static class CommitFailures
{
    public static EngineException ToException(CommitStatus status) => status switch
    {
        CommitStatus.ConditionFailed => new EngineException(EngineError.PreconditionFailed),
        CommitStatus.NotFound => new EngineException(EngineError.NoSuchKey),
        CommitStatus.NoSuchBucket => new EngineException(EngineError.NoSuchBucket),
        CommitStatus.NoSuchUpload => new EngineException(EngineError.NoSuchUpload),
        CommitStatus.InvalidPart => new EngineException(EngineError.InvalidPart),
        CommitStatus.ObjectLocked => new EngineException(EngineError.ObjectLocked),
        CommitStatus.ObjectLockNotEnabled => new EngineException(EngineError.InvalidRequest, "Bucket is missing ObjectLockConfiguration"),

        // A conflict with a concurrent PutBucketEncryption, which a client resolves by sending the write again.
        CommitStatus.DefaultEncryptionChanged => new EngineException(
            EngineError.ConditionalRequestConflict, "The bucket's default encryption changed while this object was written; nothing was stored."),
        _ => new EngineException(EngineError.ConditionalRequestConflict),
    };
}
