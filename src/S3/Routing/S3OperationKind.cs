namespace Coffer.S3.Routing;

/// <summary>Every S3 operation Coffer routes, named verbatim after the AWS API.</summary>
public enum S3OperationKind
{
    ListBuckets,

    CreateBucket,
    HeadBucket,
    DeleteBucket,
    GetBucketLocation,
    GetBucketVersioning,
    ListObjects,
    ListObjectsV2,
    ListObjectVersions,
    DeleteObjects,

    PutObject,
    CopyObject,
    GetObject,
    HeadObject,
    GetObjectAttributes,
    DeleteObject,

    CreateMultipartUpload,
    UploadPart,
    UploadPartCopy,
    CompleteMultipartUpload,
    AbortMultipartUpload,
    ListParts,
    ListMultipartUploads,

    /// <summary>A recognised S3 operation that Coffer does not implement yet: 501 NotImplemented.</summary>
    NotImplemented,
}
