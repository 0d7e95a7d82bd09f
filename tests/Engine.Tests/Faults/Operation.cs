namespace Coffer.Engine.Tests.Faults;

/// <summary>The engine operations the fault matrix drives, named as S3 names them.</summary>
public enum Operation
{
    /// <summary>A body of at most 64 KiB with a declared length: kept inline in the version's transaction.</summary>
    PutObjectInline,

    /// <summary>A streamed body: written to a blob in 256 KiB steps.</summary>
    PutObjectBlob,
    CopyObject,
    CreateMultipartUpload,
    UploadPart,
    UploadPartCopy,
    CompleteMultipartUpload,
    DeleteObject,

    /// <summary>Two keys, one after the other, as DeleteObjects deletes them; faults are armed for the second.</summary>
    DeleteObjects,
    GetObject,
}
