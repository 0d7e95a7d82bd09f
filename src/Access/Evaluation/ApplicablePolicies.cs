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

    /// <summary>
    /// Whether a condition of any of these policies tests a key that <paramref name="matches"/>: a caller may leave out keys
    /// that cost a read to supply (the tags of an object, of a request's body) when nothing tests them.
    /// </summary>
    public bool TestsConditionKey(Func<string, bool> matches) =>
        IdentityPolicies.Append(BucketPolicy).Append(SessionPolicy).Any(document =>
            document?.Statements.Any(statement => statement.Conditions.Conditions.Any(condition => matches(condition.Key))) == true);
}
