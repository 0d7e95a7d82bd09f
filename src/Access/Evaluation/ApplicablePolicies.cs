using Coffer.Access.Policies;

namespace Coffer.Access.Evaluation;

/// <summary>Everything that speaks to one request, gathered by the caller.</summary>
public sealed record ApplicablePolicies
{
    /// <summary>The principal's identity policies: inline, attached, and those of its groups.</summary>
    public IReadOnlyList<PolicyDocument> IdentityPolicies { get; init; } = [];

    /// <summary>The policy of the bucket the request is for, if it has one.</summary>
    public PolicyDocument? BucketPolicy { get; init; }

    /// <summary>A session policy passed when temporary credentials were issued; when present, it must allow too.</summary>
    public PolicyDocument? SessionPolicy { get; init; }

    public AclDecision Acl { get; init; } = AclDecision.None;
}
