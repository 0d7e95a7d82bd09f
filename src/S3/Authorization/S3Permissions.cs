using Coffer.S3.Routing;

namespace Coffer.S3.Authorization;

/// <summary>What a policy must allow for a request: an IAM action on a resource ARN.</summary>
/// <param name="Action">The IAM action, as policies name it: <c>s3:GetObject</c>.</param>
/// <param name="Resource">The ARN the action is on: <c>arn:aws:s3:::bucket</c>, <c>arn:aws:s3:::bucket/key</c>, or <c>*</c>.</param>
public sealed record RequiredPermission(string Action, string Resource);

/// <summary>
/// The IAM permission each S3 operation needs, as AWS documents it ("Required permissions for
/// Amazon S3 API operations"). Several operations share one action: HEAD is a read
/// (s3:GetObject), every step of a multipart upload but abort and list is a write
/// (s3:PutObject), HeadBucket is s3:ListBucket, and deleting a bucket's CORS, ownership or
/// encryption settings is the Put action (s3:PutEncryptionConfiguration for DeleteBucketEncryption, as
/// s3:PutLifecycleConfiguration for DeleteBucketLifecycle and s3:PutIntelligentTieringConfiguration for its Delete).
/// Copies need more than one: see <see cref="CopySource"/>.
/// </summary>
public static class S3Permissions
{
    private const string ArnPrefix = "arn:aws:s3:::";

    /// <summary>
    /// Null for an operation Coffer does not implement (it is refused before any permission
    /// matters) and for a CORS preflight, which is answered without credentials by the bucket's
    /// CORS rules, as S3 answers it.
    /// </summary>
    public static RequiredPermission? For(S3Operation operation)
    {
        var (action, scope) = ActionOf(operation.Kind);
        if (action is null)
        {
            return null;
        }

        if (operation.VersionId is not null && scope == Scope.Object)
        {
            action = OfVersion(action);
        }

        return new RequiredPermission(action, scope switch
        {
            Scope.Service => "*",
            Scope.Bucket => BucketArn(operation.Bucket ?? ""),
            _ => ObjectArn(operation.Bucket ?? "", operation.Key ?? ""),
        });
    }

    /// <summary>
    /// CopyObject and UploadPartCopy also read their source: s3:GetObject on it, besides
    /// s3:PutObject on the destination that <see cref="For"/> names.
    /// </summary>
    public static RequiredPermission CopySource(string sourceBucket, string sourceKey, bool namesVersion = false) =>
        new(namesVersion ? OfVersion("s3:GetObject") : "s3:GetObject", ObjectArn(sourceBucket, sourceKey));

    /// <summary>
    /// A copy that keeps its source's tags (x-amz-tagging-directive COPY, the default) also reads them: s3:GetObjectTagging
    /// on a tagged source, s3:GetObjectVersionTagging when x-amz-copy-source names the version, as s3:GetObjectVersion stands
    /// for s3:GetObject there.
    /// </summary>
    public static RequiredPermission CopySourceTags(string sourceBucket, string sourceKey, bool namesVersion = false) =>
        new(namesVersion ? "s3:GetObjectVersionTagging" : "s3:GetObjectTagging", ObjectArn(sourceBucket, sourceKey));

    /// <summary>A write that sets tags (x-amz-tagging, a POST form's tagging field, a copy's tags) needs s3:PutObjectTagging on what it writes.</summary>
    public static RequiredPermission TagsOf(RequiredPermission write) => new("s3:PutObjectTagging", write.Resource);

    /// <summary>
    /// The second action an operation on a version named by ?versionId= needs, besides the one <see cref="For"/> names:
    /// AWS documents that tagging a version other than the current one "also" needs s3:PutObjectVersionTagging (and
    /// likewise for reading and deleting tags). Null for every other request.
    /// </summary>
    public static RequiredPermission? ForVersion(S3Operation operation)
    {
        if (operation.VersionId is null)
        {
            return null;
        }

        var action = operation.Kind switch
        {
            S3OperationKind.GetObjectTagging => "s3:GetObjectVersionTagging",
            S3OperationKind.PutObjectTagging => "s3:PutObjectVersionTagging",
            S3OperationKind.DeleteObjectTagging => "s3:DeleteObjectVersionTagging",
            _ => null,
        };
        return action is null ? null : new RequiredPermission(action, ObjectArn(operation.Bucket ?? "", operation.Key ?? ""));
    }

    /// <summary>
    /// x-amz-bypass-governance-retention is honoured only for a caller allowed this on the object (DeleteObject, each key
    /// of DeleteObjects, PutObjectRetention); for anyone else it is ignored, as S3 ignores it.
    /// </summary>
    public static RequiredPermission BypassGovernance(string bucket, string key) =>
        new("s3:BypassGovernanceRetention", ObjectArn(bucket, key));

    /// <summary>DeleteObjects is decided key by key, each as a DeleteObject of that key (DeleteObjectVersion with a version id).</summary>
    public static RequiredPermission DeleteEach(string bucket, string key, bool namesVersion = false) =>
        new(namesVersion ? OfVersion("s3:DeleteObject") : "s3:DeleteObject", ObjectArn(bucket, key));

    /// <summary>
    /// IAM's separate action for acting on a version named by id (s3:GetObjectVersion and the like), as AWS
    /// authorizes a request that carries versionId; an action without a version form stays as it is.
    /// </summary>
    private static string OfVersion(string action) => action switch
    {
        "s3:GetObject" => "s3:GetObjectVersion",
        "s3:DeleteObject" => "s3:DeleteObjectVersion",
        "s3:GetObjectAcl" => "s3:GetObjectVersionAcl",
        "s3:PutObjectAcl" => "s3:PutObjectVersionAcl",
        "s3:GetObjectAttributes" => "s3:GetObjectVersionAttributes",
        _ => action,
    };

    public static string BucketArn(string bucket) => ArnPrefix + bucket;

    /// <summary>The bucket an S3 resource ARN is in; null for <c>*</c> and anything not an S3 ARN.</summary>
    public static string? BucketOf(string resource)
    {
        if (!resource.StartsWith(ArnPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = resource.AsSpan(ArnPrefix.Length);
        var slash = rest.IndexOf('/');
        return (slash < 0 ? rest : rest[..slash]).ToString();
    }

    /// <summary>The key as it is, unencoded: policies name keys in their own characters.</summary>
    public static string ObjectArn(string bucket, string key) => ArnPrefix + bucket + "/" + key;

    private static (string? Action, Scope Scope) ActionOf(S3OperationKind kind) => kind switch
    {
        S3OperationKind.ListBuckets => ("s3:ListAllMyBuckets", Scope.Service),

        S3OperationKind.CreateBucket => ("s3:CreateBucket", Scope.Bucket),
        S3OperationKind.HeadBucket => ("s3:ListBucket", Scope.Bucket),
        S3OperationKind.DeleteBucket => ("s3:DeleteBucket", Scope.Bucket),
        S3OperationKind.GetBucketLocation => ("s3:GetBucketLocation", Scope.Bucket),
        S3OperationKind.GetBucketVersioning => ("s3:GetBucketVersioning", Scope.Bucket),
        S3OperationKind.PutBucketVersioning => ("s3:PutBucketVersioning", Scope.Bucket),
        S3OperationKind.PutObjectLockConfiguration => ("s3:PutBucketObjectLockConfiguration", Scope.Bucket),
        S3OperationKind.GetObjectLockConfiguration => ("s3:GetBucketObjectLockConfiguration", Scope.Bucket),
        S3OperationKind.ListObjects or S3OperationKind.ListObjectsV2 => ("s3:ListBucket", Scope.Bucket),
        S3OperationKind.ListObjectVersions => ("s3:ListBucketVersions", Scope.Bucket),
        S3OperationKind.ListMultipartUploads => ("s3:ListBucketMultipartUploads", Scope.Bucket),
        S3OperationKind.GetBucketCors => ("s3:GetBucketCORS", Scope.Bucket),
        S3OperationKind.PutBucketPolicy => ("s3:PutBucketPolicy", Scope.Bucket),
        S3OperationKind.GetBucketPolicy => ("s3:GetBucketPolicy", Scope.Bucket),
        S3OperationKind.DeleteBucketPolicy => ("s3:DeleteBucketPolicy", Scope.Bucket),
        S3OperationKind.GetBucketPolicyStatus => ("s3:GetBucketPolicyStatus", Scope.Bucket),
        S3OperationKind.GetPublicAccessBlock => ("s3:GetBucketPublicAccessBlock", Scope.Bucket),
        S3OperationKind.PutPublicAccessBlock or S3OperationKind.DeletePublicAccessBlock => ("s3:PutBucketPublicAccessBlock", Scope.Bucket),
        S3OperationKind.PutBucketCors or S3OperationKind.DeleteBucketCors => ("s3:PutBucketCORS", Scope.Bucket),
        S3OperationKind.GetBucketAcl => ("s3:GetBucketAcl", Scope.Bucket),
        S3OperationKind.PutBucketAcl => ("s3:PutBucketAcl", Scope.Bucket),
        S3OperationKind.GetBucketOwnershipControls => ("s3:GetBucketOwnershipControls", Scope.Bucket),
        S3OperationKind.PutBucketOwnershipControls or S3OperationKind.DeleteBucketOwnershipControls => ("s3:PutBucketOwnershipControls", Scope.Bucket),
        S3OperationKind.GetBucketTagging => ("s3:GetBucketTagging", Scope.Bucket),
        S3OperationKind.PutBucketTagging or S3OperationKind.DeleteBucketTagging => ("s3:PutBucketTagging", Scope.Bucket),
        S3OperationKind.GetBucketEncryption => ("s3:GetEncryptionConfiguration", Scope.Bucket),
        S3OperationKind.PutBucketEncryption or S3OperationKind.DeleteBucketEncryption => ("s3:PutEncryptionConfiguration", Scope.Bucket),
        S3OperationKind.GetBucketLifecycleConfiguration => ("s3:GetLifecycleConfiguration", Scope.Bucket),
        S3OperationKind.PutBucketLifecycleConfiguration or S3OperationKind.DeleteBucketLifecycle => ("s3:PutLifecycleConfiguration", Scope.Bucket),
        S3OperationKind.GetBucketIntelligentTieringConfiguration or S3OperationKind.ListBucketIntelligentTieringConfigurations
            => ("s3:GetIntelligentTieringConfiguration", Scope.Bucket),
        S3OperationKind.PutBucketIntelligentTieringConfiguration or S3OperationKind.DeleteBucketIntelligentTieringConfiguration
            => ("s3:PutIntelligentTieringConfiguration", Scope.Bucket),

        // The request is on the bucket; each key is then decided with DeleteEach.
        S3OperationKind.DeleteObjects => ("s3:DeleteObject", Scope.Bucket),

        S3OperationKind.GetObject or S3OperationKind.HeadObject => ("s3:GetObject", Scope.Object),
        S3OperationKind.GetObjectAttributes => ("s3:GetObjectAttributes", Scope.Object),
        S3OperationKind.GetObjectAcl => ("s3:GetObjectAcl", Scope.Object),
        S3OperationKind.PutObjectAcl => ("s3:PutObjectAcl", Scope.Object),
        S3OperationKind.GetObjectTagging => ("s3:GetObjectTagging", Scope.Object),
        S3OperationKind.PutObjectTagging => ("s3:PutObjectTagging", Scope.Object),
        S3OperationKind.DeleteObjectTagging => ("s3:DeleteObjectTagging", Scope.Object),
        S3OperationKind.PutObject or S3OperationKind.CopyObject or S3OperationKind.PostObject => ("s3:PutObject", Scope.Object),
        S3OperationKind.DeleteObject => ("s3:DeleteObject", Scope.Object),
        S3OperationKind.PutObjectRetention => ("s3:PutObjectRetention", Scope.Object),
        S3OperationKind.GetObjectRetention => ("s3:GetObjectRetention", Scope.Object),
        S3OperationKind.PutObjectLegalHold => ("s3:PutObjectLegalHold", Scope.Object),
        S3OperationKind.RestoreObject => ("s3:RestoreObject", Scope.Object),
        S3OperationKind.GetObjectLegalHold => ("s3:GetObjectLegalHold", Scope.Object),

        S3OperationKind.CreateMultipartUpload or S3OperationKind.UploadPart or S3OperationKind.UploadPartCopy
            or S3OperationKind.CompleteMultipartUpload => ("s3:PutObject", Scope.Object),
        S3OperationKind.AbortMultipartUpload => ("s3:AbortMultipartUpload", Scope.Object),
        S3OperationKind.ListParts => ("s3:ListMultipartUploadParts", Scope.Object),

        _ => (null, Scope.Service),
    };

    private enum Scope
    {
        Service,
        Bucket,
        Object,
    }
}
