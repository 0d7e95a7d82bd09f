using System.Globalization;
using System.Xml;

using Coffer.Access.Policies;
using Coffer.Access.Principals;
using Coffer.Engine.Identity;
using Coffer.Engine.Ports;
using Coffer.Iam.Query;

using Microsoft.AspNetCore.Http;

namespace Coffer.Iam.Sts;

/// <summary>
/// AssumeRole: temporary credentials that act as a role, for 900 s up to the role's maximum
/// session (1 h by default; at most 1 h when a role session assumes another role). The role's
/// trust policy must let the caller in: naming the caller (or "*") is enough on its own; naming
/// the account leaves it to the caller's identity policies, which must allow sts:AssumeRole on
/// the role. A session policy narrows the session to what both allow.
/// </summary>
internal sealed class AssumeRoleAction(IIdentityStore store, IamAuthorizer authorizer, SessionIssuer issuer, IamArns arns)
{
    private const int DefaultSeconds = 3_600;
    private const int MaxChainedSeconds = 3_600;
    private const int MaxSessionPolicyLength = 2_048;

    public async Task<Action<XmlWriter>> RunAsync(HttpContext context, QueryParameters query, IamCaller caller, CancellationToken cancellationToken)
    {
        var roleArn = query.Required("RoleArn");
        var sessionName = query.Required("RoleSessionName");
        RequireSessionName(sessionName);
        var sessionPolicy = query.Optional("Policy");
        if (sessionPolicy is not null)
        {
            RequireSessionPolicy(sessionPolicy);
        }

        // A role that does not exist is refused like one the caller may not assume: the answer
        // must not tell which roles exist.
        var denied = QueryException.AccessDenied(
            $"User: {caller.Principal.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
        var role = RoleNameOf(roleArn) is { } name
            ? await store.GetPrincipalAsync(PrincipalKind.Role, name, cancellationToken)
            : null;
        if (role?.TrustPolicy is not { } trustText || !string.Equals(arns.Of(role), roleArn, StringComparison.Ordinal))
        {
            throw denied;
        }

        PolicyDocument trust;
        try
        {
            trust = PolicyParser.ParseTrustPolicy(trustText);
        }
        catch (MalformedPolicyException)
        {
            throw denied;
        }

        if (!await authorizer.IsAllowedAsync(context, caller, "sts:AssumeRole", roleArn, trust, cancellationToken))
        {
            throw denied;
        }

        var max = caller.Principal.Type == PrincipalType.AssumedRole ? MaxChainedSeconds : role.MaxSessionSeconds ?? DefaultSeconds;
        var seconds = SessionIssuer.Duration(query.OptionalInt("DurationSeconds"), DefaultSeconds, max);
        var session = issuer.Issue(seconds, grant => grant with
        {
            Kind = PrincipalKind.Role,
            PrincipalName = role.Name,
            PrincipalId = role.Id,
            PrincipalPath = role.Path,
            SessionName = sessionName,
            SessionPolicy = sessionPolicy,
        });

        var assumed = RequestPrincipal.AssumedRole(arns.AccountId, role.Name, role.Id, sessionName);
        return xml =>
        {
            session.WriteCredentials(xml);
            xml.WriteStartElement("AssumedRoleUser");
            xml.WriteElementString("AssumedRoleId", assumed.UserId);
            xml.WriteElementString("Arn", assumed.Arn);
            xml.WriteEndElement();
            if (sessionPolicy is not null)
            {
                // STS reports how much of the packed-policy allowance the session policy uses, in percent.
                xml.WriteElementString("PackedPolicySize", (sessionPolicy.Length * 100 / MaxSessionPolicyLength).ToString(CultureInfo.InvariantCulture));
            }
        };
    }

    /// <summary>"arn:aws:iam::123456789012:role/path/Name" → "Name".</summary>
    private static string? RoleNameOf(string arn)
    {
        var marker = arn.IndexOf(":role/", StringComparison.Ordinal);
        return marker < 0 ? null : arn[(arn.LastIndexOf('/') + 1)..] is { Length: > 0 } name ? name : null;
    }

    private static void RequireSessionName(string name)
    {
        if (name.Length is < 2 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-'))
        {
            throw QueryException.ValidationError(
                $"1 validation error detected: Value '{name}' at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64 and match the pattern [\\w+=,.@-]*");
        }
    }

    private static void RequireSessionPolicy(string policy)
    {
        if (policy.Length > MaxSessionPolicyLength)
        {
            throw new QueryException("PackedPolicyTooLarge", 400, "Packed size of the session policy exceeds the allowed 2048 characters.");
        }

        try
        {
            PolicyParser.ParseIdentityPolicy(policy);
        }
        catch (MalformedPolicyException error)
        {
            throw new QueryException("MalformedPolicyDocument", 400, error.Message);
        }
    }
}
