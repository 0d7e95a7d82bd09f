namespace Coffer.Torture.Load;

/// <summary>The requests a worker sends, named as S3 names them.</summary>
public enum OperationKind
{
    PutObject,
    CopyObject,
    CreateMultipartUpload,
    UploadPart,
    CompleteMultipartUpload,
    AbortMultipartUpload,
    DeleteObject,
    DeleteObjects,

    /// <summary>DeleteObject naming a version id.</summary>
    DeleteVersion,
    PutObjectRetention,
    PutObjectLegalHold,
    RestoreObject,
}
