using Coffer.Access.Evaluation;
using Coffer.Access.Policies;
using Coffer.Access.Principals;
using Coffer.Access.Requests;

using Microsoft.AspNetCore.Http;

namespace Coffer.Iam;

/// <summary>
/// Whether a caller may perform an IAM action on a resource. The root user may do anything; an
/// IAM user by its identity policies (its own and its groups'); an assumed role by the role's
/// policies, narrowed by the session policy. Anyone else — anonymous, federated, services — may not.
/// </summary>
internal sealed class IamAuthorizer(IdentityPolicies policies, TimeProvider clock)
{
    public Task<bool> IsAllowedAsync(HttpContext context, IamCaller caller, string action, string resource, CancellationToken cancellationToken) =>
        IsAllowedAsync(context, caller, "iam:" + action, resource, trustPolicy: null, cancellationToken);

    /// <param name="action">The full action name, such as <c>sts:AssumeRole</c>.</param>
    /// <param name="trustPolicy">
    /// For sts:AssumeRole, the role's trust policy, which must let the caller in: naming the caller
    /// allows on its own; naming the account leaves the decision to the caller's identity policies
    /// (the root user's allow everything).
    /// </param>
    public async Task<bool> IsAllowedAsync(
        HttpContext context, IamCaller caller, string action, string resource, PolicyDocument? trustPolicy, CancellationToken cancellationToken)
    {
        var principal = caller.Principal;
        if (principal.Type == PrincipalType.Account && trustPolicy is null)
        {
            return true;
        }

        var identity = await policies.ForAsync(principal, cancellationToken);
        if (identity is null || !TryParseSession(caller.SessionPolicy, out var session))
        {
            return false;
        }

        var applicable = new ApplicablePolicies
        {
            IdentityPolicies = principal.Type == PrincipalType.Account ? [RootIdentity] : identity,
            SessionPolicy = session,
        };

        var request = new AccessRequest(action, resource, principal, RequestContextOf(context, principal));
        var decision = trustPolicy is null
            ? PolicyEvaluator.Evaluate(request, applicable)
            : PolicyEvaluator.EvaluateRoleTrust(request, trustPolicy, applicable);
        return decision == Decision.Allow;
    }

    /// <summary>What the root user may do without any policy: everything.</summary>
    private static readonly PolicyDocument RootIdentity = PolicyParser.ParseIdentityPolicy(
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");

    private static bool TryParseSession(string? sessionPolicy, out PolicyDocument? session)
    {
        session = null;
        try
        {
            session = sessionPolicy is null ? null : PolicyParser.ParseIdentityPolicy(sessionPolicy);
            return true;
        }
        catch (MalformedPolicyException)
        {
            return false;
        }
    }

    private RequestContext RequestContextOf(HttpContext context, RequestPrincipal principal)
    {
        var builder = RequestContext.CreateBuilder()
            .WithPrincipal(principal)
            .WithCurrentTime(clock.GetUtcNow())
            .WithSecureTransport(context.Request.IsHttps);
        if (context.Connection.RemoteIpAddress is { } address)
        {
            builder.WithSourceIp(address);
        }

        return builder.Build();
    }
}
