using Coffer.Access.Evaluation;
using Coffer.Access.Policies;
using Coffer.Access.Principals;
using Coffer.Access.Requests;
using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.PublicAccess;
using Coffer.S3.Routing;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Authorization;

/// <summary>
/// Decides a request that carries no signature, by the bucket policy and the ACL: it passes only
/// when the policy allows the operation's action on its resource to everyone ("Principal": "*")
/// or an ACL grants it to AllUsers, and the policy denies it nowhere, with the request's conditions (source address, transport, time, and for
/// listings s3:prefix, s3:delimiter and s3:max-keys; the tags a request sets and an object has). Anything else is 403 AccessDenied.
/// Copies and multi-object deletes, which need several permissions at once, are not opened to
/// anonymous callers.
/// </summary>
public static class BucketPolicies
{
    /// <summary>S3's limit on a bucket policy's size.</summary>
    public const int MaxSize = 20 * 1024;

    /// <summary>The bucket's policy, parsed; null when it has none.</summary>
    public static async Task<PolicyDocument?> FindAsync(BucketSettings settings, BucketName bucket, CancellationToken cancellationToken) =>
        await settings.FindAsync(bucket, BucketSettingName.Policy, cancellationToken) is { } document
            ? PolicyParser.ParseBucketPolicy(document, bucket.Value)
            : null;

    /// <param name="conditions">The request's condition keys, given the policies that apply (here only the bucket's).</param>
    /// <param name="acl">What the bucket's or object's ACL says (<see cref="AclAuthorization"/>); a policy Deny still wins.</param>
    /// <param name="permission">What must be allowed: the operation's own permission unless another is named (s3:PutObjectTagging for a tagged write).</param>
    public static async Task AuthorizeAnonymousAsync(
        HttpContext context,
        S3Operation operation,
        BucketSettings settings,
        Func<ApplicablePolicies, Task<RequestContext>> conditions,
        AclDecision acl = AclDecision.None,
        RequiredPermission? permission = null)
    {
        if (operation.Kind is S3OperationKind.CopyObject or S3OperationKind.UploadPartCopy or S3OperationKind.DeleteObjects
            || (permission ?? S3Permissions.For(operation)) is not { } required
            || !BucketName.TryParse(operation.Bucket ?? "", out var bucket))
        {
            throw new S3Exception(S3Error.AccessDenied);
        }

        var policy = await FindAsync(settings, bucket.Value, context.RequestAborted);
        if (policy is null)
        {
            if (acl == AclDecision.Allow)
            {
                return;
            }

            throw new S3Exception(S3Error.AccessDenied);
        }

        // RestrictPublicBuckets: a public policy grants nothing to callers outside the account,
        // and an unsigned caller is always outside it.
        if (BucketPolicyStatus.IsPublic(policy)
            && (await PublicAccessBlock.FindAsync(settings, bucket.Value, context.RequestAborted)).RestrictPublicBuckets)
        {
            throw new S3Exception(S3Error.AccessDenied);
        }

        var policies = new ApplicablePolicies { BucketPolicy = policy, Acl = acl };
        var request = new AccessRequest(required.Action, required.Resource, RequestPrincipal.Anonymous, await conditions(policies));
        if (PolicyEvaluator.Evaluate(request, policies) != Decision.Allow)
        {
            throw new S3Exception(S3Error.AccessDenied);
        }
    }
}
