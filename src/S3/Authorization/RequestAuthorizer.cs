using Coffer.Access.Acls;
using Coffer.Access.Evaluation;
using Coffer.Access.Policies;
using Coffer.Access.Principals;
using Coffer.Access.Requests;
using Coffer.Engine.Model;
using Coffer.S3.Acls;
using Coffer.S3.Errors;
using Coffer.S3.Operations;
using Coffer.S3.Routing;
using Coffer.S3.Tagging;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Authorization;

/// <summary>
/// Decides one request by AWS's rules, with one policy engine for every caller: unsigned ones by
/// the bucket policy (see <see cref="BucketPolicies"/>); the account root may do anything, as
/// the owner of everything, but what a bucket policy explicitly denies it; IAM users and role sessions by their identity policies, the bucket
/// policy and any session policy, where an explicit Deny anywhere wins and else one Allow is
/// needed. A refusal is 403 AccessDenied, whether or not the bucket or key exists, so that a
/// caller learns nothing of what it may not see.
/// </summary>
/// <param name="caller">Who signed (anonymous when nobody did).</param>
/// <param name="sessionPolicy">The session policy of temporary credentials.</param>
/// <param name="requestTags">
/// The tag set the request carries outside x-amz-tagging (a PutObjectTagging body, a POST form's field), offered to policies
/// as s3:RequestObjectTag/&lt;key&gt; and s3:RequestObjectTagKeys; a body is read here only when a policy tests them.
/// </param>
public sealed class RequestAuthorizer(
    HttpContext context, S3Operation operation, RequestPrincipal caller, string? sessionPolicy, S3Services services, RequestTagSet? requestTags = null)
{
    private IReadOnlyList<PolicyDocument>? _identityPolicies;
    private PolicyDocument? _sessionPolicy;
    /// <summary>Prefixes a canonical id that no grant can name (grants name only known ids), so that only group grants match.</summary>
    private const string NotTheOwner = "principal:";

    private AclDecision? _aclDecision;

    /// <summary>The request's condition keys, the same for every permission asked within it (each key of a DeleteObjects, say).</summary>
    private RequestContext? _conditions;
    private readonly Dictionary<string, PolicyDocument?> _bucketPolicies = new(StringComparer.Ordinal);

    private bool IsAccountRoot => caller.Type == PrincipalType.Account;

    /// <summary>
    /// The permission whose refusal ended the request, for its log line: the operation's own, or another it
    /// needs (to set an ACL or tags, to read a copy's source or its tags). Null when none was refused here; an
    /// unsigned caller refused on the operation's own permission leaves it null too.
    /// </summary>
    public RequiredPermission? Refused { get; private set; }

    /// <summary>
    /// False when a copy that keeps its source's tags may not carry any: the caller lacks a tagging permission, and the
    /// source had no tags when that was judged. The copy is then given none, even if the source is tagged meanwhile.
    /// </summary>
    public bool MayCopySourceTags { get; private set; } = true;

    /// <summary>Throws AccessDenied unless the caller may do the operation (and, for copies, read the source).</summary>
    public async Task AuthorizeOperationAsync()
    {
        // A browser upload form is signed inside the form: PostObject decides, once it has read
        // the form, as the PutObject of the key the form names.
        if (operation.Kind == S3OperationKind.PostObject)
        {
            return;
        }

        if (caller.IsAnonymous)
        {
            await AuthorizeAnonymousAsync();
            return;
        }

        if (IsAccountRoot)
        {
            await RequireRootNotDeniedAsync();
            return;
        }

        // DeleteObjects needs nothing on the bucket itself: each key is decided on its own, and a
        // key the caller may not delete is reported in the result, as S3 does.
        if (operation.Kind == S3OperationKind.DeleteObjects)
        {
            return;
        }

        var permission = S3Permissions.For(operation) ?? throw new S3Exception(S3Error.AccessDenied);
        await RequireAsync(permission);
        if (S3Permissions.ForVersion(operation) is { } onVersion)
        {
            await RequireAsync(onVersion);
        }

        // A write that also sets an ACL needs the right to set ACLs, as S3 requires.
        if (operation.Kind is S3OperationKind.PutObject or S3OperationKind.CopyObject or S3OperationKind.CreateMultipartUpload
            && AclHeaders.Present(context.Request.Headers))
        {
            await RequireAsync(new RequiredPermission("s3:PutObjectAcl", permission.Resource));
        }

        // So does one that tags what it writes, as S3 requires s3:PutObjectTagging for x-amz-tagging.
        if (await SetsTagsAsync())
        {
            await RequireAsync(S3Permissions.TagsOf(permission));
        }

        if (operation.Kind is S3OperationKind.CopyObject or S3OperationKind.UploadPartCopy)
        {
            var (sourceBucket, sourceKey, sourceVersion) = CopySource.Parse(context.Request.Headers["x-amz-copy-source"].ToString());
            await RequireAsync(S3Permissions.CopySource(sourceBucket.Value, sourceKey.Value, namesVersion: sourceVersion is not null));
            if (operation.Kind == S3OperationKind.CopyObject && !TaggingHeader.ReplacesOnCopy(context.Request.Headers))
            {
                await RequireToCopySourceTagsAsync(sourceBucket, sourceKey, sourceVersion, S3Permissions.TagsOf(permission));
            }
        }
    }

    /// <summary>
    /// An unsigned caller, by the bucket policy and the ACL (<see cref="BucketPolicies"/>). A write that sets tags needs
    /// s3:PutObjectTagging besides, from the bucket policy, unless an ACL grants the write: an ACL's WRITE lets everyone
    /// tag what they write, as S3 does (ceph's test_post_object_tags_anonymous_request, which passes on AWS, posts tags
    /// anonymously into a public-read-write bucket). A Deny in the policy still refuses them.
    /// </summary>
    private async Task AuthorizeAnonymousAsync()
    {
        var acl = await AclAuthorization.DecideAsync(context, operation, AclCaller.Anonymous, services);
        await BucketPolicies.AuthorizeAnonymousAsync(context, operation, services.Settings, ConditionsOnceAsync, acl);
        if (S3Permissions.For(operation) is { } write && await SetsTagsAsync())
        {
            var tagging = S3Permissions.TagsOf(write);
            try
            {
                await BucketPolicies.AuthorizeAnonymousAsync(context, operation, services.Settings, ConditionsOnceAsync, acl, permission: tagging);
            }
            catch (S3Exception)
            {
                Refused = tagging;
                throw;
            }
        }
    }

    /// <summary>
    /// Whether the write sets tags it carries: x-amz-tagging on PutObject, CreateMultipartUpload and a copy that replaces its
    /// source's tags, or a POST form's tagging field. An empty set, or one S3 refuses (which the operation then says), sets none.
    /// </summary>
    private async Task<bool> SetsTagsAsync()
    {
        if (operation.Kind is not (S3OperationKind.PutObject or S3OperationKind.CopyObject or S3OperationKind.CreateMultipartUpload))
        {
            return false;
        }

        var tags = requestTags is not null
            ? await requestTags.ForPoliciesAsync()
            : RequestConditions.HeaderTags(operation.Kind, context.Request.Headers);
        return tags is { Count: > 0 };
    }

    /// <summary>
    /// A copy that keeps its source's tags (x-amz-tagging-directive COPY, the default) reads and writes them: S3 then needs
    /// s3:GetObjectTagging on the source (<see cref="S3Permissions.CopySourceTags"/>) and s3:PutObjectTagging on the copy,
    /// but only when the source has tags. The policies are asked first, so that the source is read only for a caller who
    /// lacks one of the two.
    /// </summary>
    private async Task RequireToCopySourceTagsAsync(BucketName sourceBucket, ObjectKey sourceKey, VersionId? sourceVersion, RequiredPermission tagCopy)
    {
        var readTags = S3Permissions.CopySourceTags(sourceBucket.Value, sourceKey.Value, namesVersion: sourceVersion is not null);
        var lacking = !await IsAllowedAsync(readTags) ? readTags : !await IsAllowedAsync(tagCopy) ? tagCopy : null;
        if (lacking is null)
        {
            return;
        }

        var source = await AclAuthorization.FindVersionAsync(services, sourceBucket, sourceKey, sourceVersion, context.RequestAborted);
        if (source is { Attributes.Tags.Count: > 0 })
        {
            Refused = lacking;
            throw new S3Exception(S3Error.AccessDenied);
        }

        MayCopySourceTags = false;
    }

    /// <summary>
    /// The request's condition keys; for an operation on a stored version, its tags too (s3:ExistingObjectTag), read
    /// once per request, only for callers whom policies decide for (root only against a bucket policy), and only when one of the
    /// policies tests a tag: a GET by an IAM user otherwise costs no second metadata read. A PutObjectTagging body is
    /// likewise read here, before the operation runs, only when a policy tests the tags a request sets.
    /// </summary>
    private async Task<RequestContext> ConditionsAsync(ApplicablePolicies policies, CancellationToken cancellationToken)
    {
        TagSet? existingTags = null;
        if (RequestConditions.ActsOnAStoredVersion(operation.Kind)
            && policies.TestsConditionKey(IsExistingObjectTagKey)
            && BucketName.TryParse(operation.Bucket, out var bucket)
            && ObjectKey.TryParse(operation.Key, out var key))
        {
            existingTags = (await AclAuthorization.FindVersionAsync(services, bucket.Value, key.Value, operation.VersionId, cancellationToken))?.Attributes.Tags;
        }

        var tagsSet = requestTags is not null && policies.TestsConditionKey(IsRequestObjectTagKey)
            ? await requestTags.ForPoliciesAsync()
            : null;
        return RequestConditions.Of(context, operation, caller, services.Clock, existingTags, tagsSet);
    }

    private async Task<RequestContext> ConditionsOnceAsync(ApplicablePolicies policies) =>
        _conditions ??= await ConditionsAsync(policies, context.RequestAborted);

    private static bool IsExistingObjectTagKey(string key) => key.StartsWith(ConditionKeys.S3ExistingObjectTagPrefix, StringComparison.OrdinalIgnoreCase);

    private static bool IsRequestObjectTagKey(string key) =>
        key.StartsWith(ConditionKeys.S3RequestObjectTagPrefix, StringComparison.OrdinalIgnoreCase)
        || key.Equals(ConditionKeys.S3RequestObjectTagKeys, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the caller may list the operation's bucket, which decides whether it may learn that a key is absent.</summary>
    public async Task<bool> MayListBucketAsync()
    {
        if (caller.Type == PrincipalType.Account)
        {
            return true;
        }

        var listing = S3Operation.Of(S3OperationKind.ListObjectsV2, operation.Bucket, null);
        try
        {
            await new RequestAuthorizer(context, listing, caller, sessionPolicy, services).AuthorizeOperationAsync();
            return true;
        }
        catch (S3Exception refused) when (refused.Error == S3Error.AccessDenied)
        {
            return false;
        }
    }

    /// <summary>Whether the caller may do one more thing within the request, such as each key of a DeleteObjects.</summary>
    public async Task<bool> IsAllowedAsync(RequiredPermission permission)
    {
        if (caller.IsAnonymous)
        {
            return false;
        }

        if (IsAccountRoot)
        {
            return !await DeniedToRootAsync(permission);
        }

        var cancellationToken = context.RequestAborted;
        _identityPolicies ??= services.IdentityPolicies is { } source
            ? await source.ForAsync(caller, cancellationToken)
            : [];
        if (_identityPolicies is null)
        {
            return false;
        }

        if (sessionPolicy is { } session)
        {
            _sessionPolicy ??= PolicyParser.ParseIdentityPolicy(session);
        }

        var policies = new ApplicablePolicies
        {
            IdentityPolicies = _identityPolicies,
            BucketPolicy = await BucketPolicyOfAsync(permission.Resource, cancellationToken),
            SessionPolicy = _sessionPolicy,
        };
        var request = new AccessRequest(permission.Action, permission.Resource, caller, await ConditionsOnceAsync(policies));

        // The ACL can only add an Allow, and reading it costs several lookups, so it is consulted
        // only when the policies alone neither allow nor explicitly deny.
        var decision = PolicyEvaluator.Evaluate(request, policies);
        if (decision == Decision.ImplicitDeny && await AclDecisionAsync(permission) == AclDecision.Allow)
        {
            decision = PolicyEvaluator.Evaluate(request, policies with { Acl = AclDecision.Allow });
        }

        return decision == Decision.Allow;
    }

    /// <summary>
    /// What the ACL of the operation's own bucket or object says. Only grants to everyone or to
    /// all signed callers can speak for an IAM user or role: a grant to the account is the
    /// owner's, which AWS does not hand to the account's users without a policy.
    /// </summary>
    private async Task<AclDecision> AclDecisionAsync(RequiredPermission permission)
    {
        if (S3Permissions.For(operation) != permission)
        {
            return AclDecision.None;
        }

        _aclDecision ??= await AclAuthorization.DecideAsync(context, operation, AclCaller.Authenticated(NotTheOwner + caller.Arn), services);
        return _aclDecision.Value;
    }

    /// <summary>
    /// The account root may do anything in its account, except what a bucket policy explicitly denies it, as on AWS (a
    /// Deny to Principal "*" binds the root too: that is how a policy refuses unencrypted uploads to everyone). The
    /// bucket policy's own operations are exempt, as AWS exempts them, so that no policy can lock the owner out.
    /// </summary>
    private async Task RequireRootNotDeniedAsync()
    {
        if (operation.Kind is S3OperationKind.PutBucketPolicy or S3OperationKind.GetBucketPolicy or S3OperationKind.DeleteBucketPolicy
            or S3OperationKind.DeleteObjects || S3Permissions.For(operation) is not { } permission)
        {
            return;
        }

        List<RequiredPermission> permissions = [permission];
        if (S3Permissions.ForVersion(operation) is { } onVersion)
        {
            permissions.Add(onVersion);
        }

        // A copy reads its source, which the source bucket's policy may deny as it denies a GET.
        if (operation.Kind is S3OperationKind.CopyObject or S3OperationKind.UploadPartCopy)
        {
            var (sourceBucket, sourceKey, sourceVersion) = CopySource.Parse(context.Request.Headers["x-amz-copy-source"].ToString());
            permissions.Add(S3Permissions.CopySource(sourceBucket.Value, sourceKey.Value, namesVersion: sourceVersion is not null));
        }

        foreach (var asked in permissions)
        {
            if (await DeniedToRootAsync(asked))
            {
                Refused = asked;
                throw new S3Exception(S3Error.AccessDenied);
            }
        }
    }

    /// <summary>True when the bucket policy of the permission's bucket explicitly denies it to the root.</summary>
    private async Task<bool> DeniedToRootAsync(RequiredPermission permission)
    {
        if (await BucketPolicyOfAsync(permission.Resource, context.RequestAborted) is not { } bucketPolicy)
        {
            return false;
        }

        var policies = new ApplicablePolicies { IdentityPolicies = [], BucketPolicy = bucketPolicy };
        var request = new AccessRequest(permission.Action, permission.Resource, caller, await ConditionsOnceAsync(policies));
        return PolicyEvaluator.Evaluate(request, policies) == Decision.ExplicitDeny;
    }

    private async Task RequireAsync(RequiredPermission permission)
    {
        if (!await IsAllowedAsync(permission))
        {
            Refused = permission;
            throw new S3Exception(S3Error.AccessDenied);
        }
    }

    /// <summary>The policy of the bucket a resource ARN is in; none for the service (ListBuckets).</summary>
    private async Task<PolicyDocument?> BucketPolicyOfAsync(string resource, CancellationToken cancellationToken)
    {
        var bucketName = S3Permissions.BucketOf(resource);
        if (bucketName is null || !BucketName.TryParse(bucketName, out var bucket))
        {
            return null;
        }

        if (!_bucketPolicies.TryGetValue(bucketName, out var policy))
        {
            policy = await BucketPolicies.FindAsync(services.Settings, bucket.Value, cancellationToken);
            _bucketPolicies[bucketName] = policy;
        }

        return policy;
    }
}
