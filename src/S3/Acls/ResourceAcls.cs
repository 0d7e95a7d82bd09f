using Coffer.Access.Acls;
using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.PublicAccess;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Acls;

/// <summary>
/// The ACLs of buckets and objects as they are stored and as they are shown, and the rules a
/// new ACL must pass before it is stored.
/// </summary>
public static class ResourceAcls
{
    /// <summary>
    /// Coffer has one account, which owns every bucket and object whoever wrote it, so the owner
    /// is always the account's canonical id.
    /// </summary>
    public static string OwnerId => CanonicalUser.AccountId;

    /// <summary>The bucket's ACL; the owner's full control when it has none, or when ACLs are off (BucketOwnerEnforced).</summary>
    public static async Task<AccessControlList> OfBucketAsync(BucketSettings settings, BucketName bucket, ObjectOwnership ownership, CancellationToken cancellationToken)
    {
        if (ownership == ObjectOwnership.BucketOwnerEnforced)
        {
            return AccessControlList.Default(OwnerId);
        }

        return AclText.Parse(await settings.FindAsync(bucket, BucketSettingName.Acl, cancellationToken), OwnerId);
    }

    /// <summary>The object's ACL; the owner's full control when it has none, or when ACLs are off.</summary>
    public static AccessControlList OfObject(ObjectInfo version, ObjectOwnership ownership) =>
        ownership == ObjectOwnership.BucketOwnerEnforced
            ? AccessControlList.Default(OwnerId)
            : AclText.Parse(version.Attributes.Acl, OwnerId);

    /// <summary>
    /// The stored form of an ACL about to be set on <paramref name="bucket"/> or an object in it,
    /// after S3's checks: with BucketOwnerEnforced only the owner's own grants are accepted
    /// (AccessControlListNotSupported otherwise) and nothing is stored; with BlockPublicAcls a
    /// public ACL is AccessDenied. Null stands for the default ACL.
    /// </summary>
    public static async Task<string?> PrepareAsync(BucketSettings settings, BucketName bucket, AccessControlList acl, CancellationToken cancellationToken)
    {
        if (await ObjectOwnershipRules.FindAsync(settings, bucket, cancellationToken) == ObjectOwnership.BucketOwnerEnforced)
        {
            return acl.GrantsOnlyToOwner ? null : throw new S3Exception(S3Error.AccessControlListNotSupported);
        }

        if (acl.IsPublic && (await PublicAccessBlock.FindAsync(settings, bucket, cancellationToken)).BlockPublicAcls)
        {
            throw new S3Exception(S3Error.AccessDenied);
        }

        return acl == AccessControlList.Default(acl.OwnerId) ? null : AclText.Format(acl.Grants);
    }

    /// <summary>
    /// The stored ACL for an object a PutObject, CopyObject or CreateMultipartUpload writes: from
    /// its x-amz-acl or x-amz-grant-* headers, null (the default) when it has none.
    /// </summary>
    public static Task<string?> FromObjectWriteAsync(S3Request request, BucketName bucket) =>
        FromObjectWriteAsync(request.Services.Settings, bucket, request.HttpRequest.Headers, request.Aborted);

    /// <param name="headers">The request's headers, or a POST form's fields read as the same headers.</param>
    public static async Task<string?> FromObjectWriteAsync(BucketSettings settings, BucketName bucket, IHeaderDictionary headers, CancellationToken cancellationToken)
    {
        var acl = AclHeaders.Read(headers, OwnerId, OwnerId, forBucket: false);
        return acl is null ? null : await PrepareAsync(settings, bucket, acl, cancellationToken);
    }
}
