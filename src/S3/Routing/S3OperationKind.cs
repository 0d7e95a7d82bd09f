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
    PutBucketVersioning,
    PutObjectLockConfiguration,
    GetObjectLockConfiguration,
    PutBucketCors,
    GetBucketCors,
    DeleteBucketCors,
    PutBucketPolicy,
    GetBucketPolicy,
    DeleteBucketPolicy,
    GetBucketPolicyStatus,
    PutPublicAccessBlock,
    GetPublicAccessBlock,
    DeletePublicAccessBlock,
    GetBucketAcl,
    PutBucketAcl,
    GetBucketOwnershipControls,
    PutBucketOwnershipControls,
    DeleteBucketOwnershipControls,
    PutBucketTagging,
    GetBucketTagging,
    DeleteBucketTagging,
    PutBucketEncryption,
    GetBucketEncryption,
    DeleteBucketEncryption,
    PutBucketLifecycleConfiguration,
    GetBucketLifecycleConfiguration,
    DeleteBucketLifecycle,
    PutBucketIntelligentTieringConfiguration,
    GetBucketIntelligentTieringConfiguration,
    DeleteBucketIntelligentTieringConfiguration,
    ListBucketIntelligentTieringConfigurations,
    ListObjects,
    ListObjectsV2,
    ListObjectVersions,
    DeleteObjects,

    PutObject,

    /// <summary>A browser upload: POST of an HTML form (multipart/form-data) to a bucket, signed by a POST policy in the form.</summary>
    PostObject,
    CopyObject,
    GetObject,
    HeadObject,
    GetObjectAttributes,
    GetObjectAcl,
    PutObjectAcl,
    GetObjectTagging,
    PutObjectTagging,
    DeleteObjectTagging,
    DeleteObject,
    PutObjectRetention,
    GetObjectRetention,
    PutObjectLegalHold,

    /// <summary>POST ?restore: a restore of an archived version.</summary>
    RestoreObject,
    GetObjectLegalHold,

    CreateMultipartUpload,
    UploadPart,
    UploadPartCopy,
    CompleteMultipartUpload,
    AbortMultipartUpload,
    ListParts,
    ListMultipartUploads,

    /// <summary>
    /// A CORS preflight: OPTIONS on a bucket's or an object's URL ("OPTIONS object" in S3's API
    /// reference). Answered before authentication.
    /// </summary>
    OptionsObject,

    /// <summary>
    /// POST to the service root: a Query API request (IAM or STS, form-encoded with Action=…),
    /// served on the same endpoint as Ceph RGW serves them. Not an S3 operation; see QueryApi/.
    /// </summary>
    QueryApi,

    /// <summary>A recognised S3 operation that Coffer does not implement yet: 501 NotImplemented.</summary>
    NotImplemented,
}
