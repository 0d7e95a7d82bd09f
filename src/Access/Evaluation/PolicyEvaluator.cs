using Coffer.Access.Policies;
using Coffer.Access.Principals;
using Coffer.Access.Requests;

namespace Coffer.Access.Evaluation;

/// <summary>
/// Decides a request as AWS does within one account: an explicit Deny anywhere wins; otherwise an
/// Allow from an identity policy, the bucket policy or the ACL is enough; otherwise deny.
/// See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html.
/// </summary>
/// <remarks>
/// Every principal is taken to be in the bucket owner's account (Coffer has one account), so there
/// is no cross-account rule requiring both sides to allow. The caller decides whether the root
/// user bypasses evaluation.
/// </remarks>
public static class PolicyEvaluator
{
    public static Decision Evaluate(AccessRequest request, ApplicablePolicies policies)
    {
        // 1. An explicit Deny in any policy decides at once. Bucket-policy Denies apply however
        //    the principal was named, the account form included.
        var identityStatements = policies.IdentityPolicies.SelectMany(p => p.Statements);
        var sessionStatements = policies.SessionPolicy?.Statements ?? [];
        var bucketStatements = policies.BucketPolicy?.Statements ?? [];
        if (identityStatements.Concat(sessionStatements).Any(s => s.Effect == Effect.Deny && s.Covers(request))
            || bucketStatements.Any(s => s.Effect == Effect.Deny && s.CoversWithPrincipal(request) != PrincipalMatch.None))
        {
            return Decision.ExplicitDeny;
        }

        // 2. Any one source of Allow suffices. A bucket-policy Allow counts only where it names the
        //    requester directly (or "*"): naming the account delegates to the account's identity
        //    policies, which step 2 consults anyway.
        var allowed = identityStatements.Any(s => s.Effect == Effect.Allow && s.Covers(request))
            || bucketStatements.Any(s => s.Effect == Effect.Allow && s.CoversWithPrincipal(request) == PrincipalMatch.Direct)
            || policies.Acl == AclDecision.Allow;

        // 3. A session policy narrows whatever was allowed: the result is the intersection.
        if (allowed && policies.SessionPolicy is { } session)
        {
            allowed = session.Statements.Any(s => s.Effect == Effect.Allow && s.Covers(request));
        }

        return allowed ? Decision.Allow : Decision.ImplicitDeny;
    }

    /// <summary>
    /// sts:AssumeRole against a role's trust policy, by AWS's rule for roles: unlike a bucket
    /// policy, the trust policy must always let the caller in. Naming the caller (or "*") is
    /// enough on its own; naming the caller's account leaves it to the caller's identity
    /// policies, which must then allow the action too. An explicit Deny in either wins.
    /// </summary>
    public static Decision EvaluateRoleTrust(AccessRequest request, PolicyDocument trustPolicy, ApplicablePolicies callerPolicies)
    {
        var trust = trustPolicy.Statements;
        if (trust.Any(s => s.Effect == Effect.Deny && s.CoversWithPrincipal(request) != PrincipalMatch.None)
            || Evaluate(request, callerPolicies with { BucketPolicy = null }) == Decision.ExplicitDeny)
        {
            return Decision.ExplicitDeny;
        }

        var admitted = trust.Where(s => s.Effect == Effect.Allow).Select(s => s.CoversWithPrincipal(request)).DefaultIfEmpty(PrincipalMatch.None).Max();
        var allowed = admitted switch
        {
            PrincipalMatch.Direct => true,
            PrincipalMatch.Account => Evaluate(request, callerPolicies with { BucketPolicy = null }) == Decision.Allow,
            _ => false,
        };
        return allowed ? Decision.Allow : Decision.ImplicitDeny;
    }
}
