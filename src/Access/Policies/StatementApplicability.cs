using Coffer.Access.Principals;
using Coffer.Access.Requests;

namespace Coffer.Access.Policies;

/// <summary>Whether a statement speaks to a request at all; its Effect is the evaluator's business.</summary>
internal static class StatementApplicability
{
    /// <summary>Identity and session policies: the principal is the one the policy is attached to.</summary>
    public static bool Covers(this Statement statement, AccessRequest request) =>
        statement.Actions.Covers(request.Action)
        && (statement.Resources?.Covers(request.Resource, request.Context) ?? true)
        && statement.Conditions.IsSatisfied(request.Context);

    /// <summary>Bucket policies: the statement must also name the requester, and says how.</summary>
    public static PrincipalMatch CoversWithPrincipal(this Statement statement, AccessRequest request)
    {
        var match = statement.Principal?.Match(request.Principal) ?? PrincipalMatch.None;
        return match != PrincipalMatch.None && statement.Covers(request) ? match : PrincipalMatch.None;
    }
}
