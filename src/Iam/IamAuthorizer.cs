using Coffer.Access.Evaluation;
using Coffer.Access.Policies;
using Coffer.Access.Principals;
using Coffer.Access.Requests;
using Coffer.Engine.Ports;

using Microsoft.AspNetCore.Http;

namespace Coffer.Iam;

/// <summary>
/// Whether a caller may perform an IAM action on a resource. The root user may do anything; an
/// IAM user by its identity policies (its own and its groups'); an assumed role by the role's
/// policies, narrowed by the session policy. Anyone else — anonymous, federated, services — may not.
/// </summary>
internal sealed class IamAuthorizer(IIdentityStore store, TimeProvider clock)
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

        var documents = principal.Type switch
        {
            PrincipalType.Account => [],
            PrincipalType.User when principal.UserName is { } user => await store.PolicyDocumentsForUserAsync(user, cancellationToken),
            PrincipalType.AssumedRole when RoleNameOf(principal.Arn) is { } role => await store.PolicyDocumentsForRoleAsync(role, cancellationToken),
            _ => null,
        };

        if (documents is null || !TryParseAll(documents, caller.SessionPolicy, out var policies))
        {
            return false;
        }

        if (principal.Type == PrincipalType.Account)
        {
            policies = policies with { IdentityPolicies = [RootIdentity] };
        }

        var request = new AccessRequest(action, resource, principal, RequestContextOf(context, principal));
        var decision = trustPolicy is null
            ? PolicyEvaluator.Evaluate(request, policies)
            : PolicyEvaluator.EvaluateRoleTrust(request, trustPolicy, policies);
        return decision == Decision.Allow;
    }

    /// <summary>What the root user may do without any policy: everything.</summary>
    private static readonly PolicyDocument RootIdentity = PolicyParser.ParseIdentityPolicy(
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");

    /// <summary>
    /// Stored documents were checked when they were stored. Should one not parse all the same, the
    /// caller is refused: leaving it out could drop a Deny.
    /// </summary>
    private static bool TryParseAll(IReadOnlyList<string> documents, string? sessionPolicy, out ApplicablePolicies policies)
    {
        policies = new ApplicablePolicies();
        try
        {
            policies = new ApplicablePolicies
            {
                IdentityPolicies = [.. documents.Select(PolicyParser.Parse)],
                SessionPolicy = sessionPolicy is null ? null : PolicyParser.ParseIdentityPolicy(sessionPolicy),
            };
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

    /// <summary>"arn:aws:sts::{account}:assumed-role/{role}/{session}" → role.</summary>
    private static string? RoleNameOf(string? arn)
    {
        const string Marker = ":assumed-role/";
        var at = arn?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (arn is null || at < 0)
        {
            return null;
        }

        var rest = arn[(at + Marker.Length)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? rest[..slash] : null;
    }
}
