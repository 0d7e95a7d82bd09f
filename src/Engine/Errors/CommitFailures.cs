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
        _ => new EngineException(EngineError.ConditionalRequestConflict),
    };
}
