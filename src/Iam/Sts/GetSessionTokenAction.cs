using System.Xml;

using Coffer.Access.Principals;
using Coffer.Engine.Identity;
using Coffer.Engine.Ports;
using Coffer.Iam.Query;

namespace Coffer.Iam.Sts;

/// <summary>
/// GetSessionToken: temporary credentials that act as the calling user (or root) with its own
/// permissions, for 900 s to 36 h (12 h by default; the root user's at most 1 h). Only long-term
/// keys may ask, as STS requires.
/// </summary>
internal sealed class GetSessionTokenAction(IIdentityStore store, SessionIssuer issuer)
{
    private const int DefaultSeconds = 43_200;
    private const int MaxSeconds = 129_600;
    private const int MaxRootSeconds = 3_600;

    public async Task<Action<XmlWriter>> RunAsync(QueryParameters query, IamCaller caller, string? accessKeyId, CancellationToken cancellationToken)
    {
        var principal = caller.Principal;
        if (principal.Type is not (PrincipalType.User or PrincipalType.Account)
            || accessKeyId?.StartsWith("ASIA", StringComparison.Ordinal) == true)
        {
            throw QueryException.AccessDenied("Cannot call GetSessionToken with session credentials");
        }

        var isRoot = principal.Type == PrincipalType.Account;
        var seconds = SessionIssuer.Duration(query.OptionalInt("DurationSeconds"), DefaultSeconds, isRoot ? MaxRootSeconds : MaxSeconds);
        IamPrincipal? user = null;
        if (!isRoot)
        {
            user = await store.GetPrincipalAsync(PrincipalKind.User, principal.UserName ?? "", cancellationToken)
                ?? throw QueryException.AccessDenied($"User: {principal.Arn} no longer exists.");
        }

        var session = issuer.Issue(seconds, grant => user is null
            ? grant with { AccountRoot = true, PrincipalName = "root", PrincipalId = principal.AccountId ?? "" }
            : grant with { Kind = PrincipalKind.User, PrincipalName = user.Name, PrincipalId = user.Id, PrincipalPath = user.Path });
        return session.WriteCredentials;
    }
}
