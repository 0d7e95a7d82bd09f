using System.Xml;

using Coffer.Access.Principals;
using Coffer.Engine.Identity;
using Coffer.Engine.Ports;
using Coffer.Iam.Query;

using Microsoft.AspNetCore.Http;

namespace Coffer.Iam.Sts;

/// <summary>
/// The AWS STS API, Query protocol, version 2011-06-15: AssumeRole, GetSessionToken and
/// GetCallerIdentity. One already-authenticated request in, its whole answer out.
/// </summary>
public sealed class StsEndpoint
{
    public const string XmlNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    public const string ApiVersion = "2011-06-15";

    private readonly AssumeRoleAction _assumeRole;
    private readonly GetSessionTokenAction _getSessionToken;
    private readonly string _accountId;

    /// <param name="tokens">Seals the grant of each session into its token.</param>
    /// <param name="policies">The callers' identity policies, shared with the other services; read from <paramref name="store"/> when not given.</param>
    public StsEndpoint(IIdentityStore store, SessionTokens tokens, TimeProvider clock, string accountId, IdentityPolicies? policies = null)
    {
        var issuer = new SessionIssuer(tokens, clock);
        _assumeRole = new AssumeRoleAction(store, new IamAuthorizer(policies ?? new IdentityPolicies(store), clock), issuer, new IamArns(accountId));
        _getSessionToken = new GetSessionTokenAction(store, issuer);
        _accountId = accountId;
    }

    /// <param name="accessKeyId">The key that signed: GetSessionToken refuses temporary ones, as STS does.</param>
    public async Task HandleAsync(HttpContext context, IReadOnlyDictionary<string, string> parameters, IamCaller caller, string? accessKeyId, string requestId)
    {
        try
        {
            if (caller.Principal.IsAnonymous)
            {
                throw new QueryException("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
            }

            var query = new QueryParameters(parameters);
            var action = query.Action ?? throw QueryException.MissingParameter("Action");
            Action<XmlWriter> result = action switch
            {
                "AssumeRole" => await _assumeRole.RunAsync(context, query, caller, context.RequestAborted),
                "GetSessionToken" => await _getSessionToken.RunAsync(query, caller, accessKeyId, context.RequestAborted),
                "GetCallerIdentity" => xml => WriteCallerIdentity(xml, caller.Principal),
                _ => throw QueryException.InvalidAction(action, ApiVersion),
            };
            await QueryResponseWriter.WriteAsync(context, XmlNamespace, action, result, requestId);
        }
        catch (QueryException error)
        {
            await QueryErrorWriter.WriteAsync(context, XmlNamespace, error, requestId);
        }
    }

    private void WriteCallerIdentity(XmlWriter xml, RequestPrincipal caller)
    {
        xml.WriteElementString("Arn", caller.Arn);
        xml.WriteElementString("UserId", caller.UserId);
        xml.WriteElementString("Account", caller.AccountId ?? _accountId);
    }
}
