using Coffer.Access.Acls;
using Coffer.Access.Evaluation;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.S3.Acls;
using Coffer.S3.PublicAccess;
using Coffer.S3.Routing;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Authorization;

/// <summary>What an operation asks of an ACL: the bucket's or the object's, and which permission.</summary>
public sealed record AclRequirement(bool OnObject, AclPermission Permission);

/// <summary>
/// The ACL's say on a request, for <see cref="PolicyEvaluator"/>'s <see cref="ApplicablePolicies.Acl"/>:
/// finds the ACL the operation is governed by and asks <see cref="AclEvaluator"/>. It only ever
/// allows; denials are the policies' business. Usable for any caller, signed or not.
/// </summary>
/// <remarks>
/// The mapping is S3's (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#permissions):
/// bucket READ lists, bucket WRITE creates and deletes objects, object READ reads, READ_ACP and
/// WRITE_ACP read and replace the ACL of what they are granted on. ACLs count for nothing in a
/// bucket whose ownership is BucketOwnerEnforced, and public grants count for nothing under
/// IgnorePublicAcls.
/// </remarks>
public static class AclAuthorization
{
    public static AclRequirement? RequirementOf(S3OperationKind kind) => kind switch
    {
        S3OperationKind.GetObject or S3OperationKind.HeadObject or S3OperationKind.GetObjectAttributes => new(true, AclPermission.Read),
        S3OperationKind.GetObjectAcl => new(true, AclPermission.ReadAcp),
        S3OperationKind.PutObjectAcl => new(true, AclPermission.WriteAcp),

        S3OperationKind.HeadBucket or S3OperationKind.ListObjects or S3OperationKind.ListObjectsV2
            or S3OperationKind.ListObjectVersions or S3OperationKind.ListMultipartUploads or S3OperationKind.ListParts => new(false, AclPermission.Read),
        S3OperationKind.PutObject or S3OperationKind.DeleteObject or S3OperationKind.DeleteObjects
            or S3OperationKind.CreateMultipartUpload or S3OperationKind.UploadPart or S3OperationKind.CompleteMultipartUpload
            or S3OperationKind.AbortMultipartUpload => new(false, AclPermission.Write),
        S3OperationKind.GetBucketAcl => new(false, AclPermission.ReadAcp),
        S3OperationKind.PutBucketAcl => new(false, AclPermission.WriteAcp),
        _ => null,
    };

    /// <summary>
    /// Whether the ACLs let <paramref name="caller"/> run <paramref name="operation"/>. A read of
    /// a key that does not exist is decided by the bucket's READ grant instead: a caller allowed
    /// to list learns of the absence (404), anyone else gets 403, as S3 answers. A request on a
    /// bucket that does not exist is let through, to be answered NoSuchBucket.
    /// </summary>
    public static async Task<AclDecision> DecideAsync(HttpContext context, S3Operation operation, AclCaller caller, S3Services services)
    {
        var cancellationToken = context.RequestAborted;
        if (RequirementOf(operation.Kind) is not { } requirement || !BucketName.TryParse(operation.Bucket ?? "", out var parsed))
        {
            return AclDecision.None;
        }

        var bucket = parsed.Value;
        if (!await BucketExistsAsync(services, bucket, cancellationToken))
        {
            // Nothing to protect, and S3 tells every caller that a bucket does not exist: the
            // request goes on, to be answered NoSuchBucket (404) rather than AccessDenied.
            return AclDecision.Allow;
        }

        var ownership = await ObjectOwnershipRules.FindAsync(services.Settings, bucket, cancellationToken);
        if (ownership == ObjectOwnership.BucketOwnerEnforced)
        {
            return AclDecision.None;
        }

        var ignorePublic = (await PublicAccessBlock.FindAsync(services.Settings, bucket, cancellationToken)).IgnorePublicAcls;
        if (requirement.OnObject)
        {
            if (!ObjectKey.TryParse(operation.Key, out var key))
            {
                return AclDecision.None;
            }

            var version = await FindVersionAsync(services, bucket, key.Value, operation.VersionId, cancellationToken);
            if (version is not null)
            {
                return AclEvaluator.Decide(ResourceAcls.OfObject(version, ownership), caller, requirement.Permission, ignorePublic);
            }

            if (requirement.Permission != AclPermission.Read)
            {
                return AclDecision.None;
            }
        }

        var bucketAcl = await ResourceAcls.OfBucketAsync(services.Settings, bucket, ownership, cancellationToken);
        return AclEvaluator.Decide(bucketAcl, caller, requirement.Permission, ignorePublic);
    }

    private static async Task<bool> BucketExistsAsync(S3Services services, BucketName bucket, CancellationToken cancellationToken)
    {
        try
        {
            await services.Buckets.GetAsync(bucket, cancellationToken);
            return true;
        }
        catch (EngineException missing) when (missing.Code == EngineError.NoSuchBucket)
        {
            return false;
        }
    }

    /// <summary>The version the operation acts on (the one named, or the current one); null when there is none.</summary>
    internal static async Task<ObjectInfo?> FindVersionAsync(S3Services services, BucketName bucket, ObjectKey key, VersionId? versionId, CancellationToken cancellationToken)
    {
        try
        {
            return await services.Objects.HeadAsync(bucket, key, versionId, cancellationToken);
        }
        catch (EngineException missing) when (missing.Code is EngineError.NoSuchKey or EngineError.NoSuchVersion or EngineError.NoSuchBucket)
        {
            return null;
        }
    }
}
