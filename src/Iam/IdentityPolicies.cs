using System.Collections.Concurrent;

using Coffer.Access.Policies;
using Coffer.Access.Principals;
using Coffer.Engine.Ports;

namespace Coffer.Iam;

/// <summary>
/// The identity policies of a signed caller, for every service that authorizes one (S3, IAM,
/// STS): an IAM user's inline and attached policies and its groups'; an assumed role's. Read from
/// the store on every request, so a changed policy applies at once, and parsed through a cache
/// keyed by the document's text, which is what makes reading them each time cheap.
/// </summary>
public sealed class IdentityPolicies(IIdentityStore store)
{
    /// <summary>Enough for every distinct policy of a large deployment; past it the cache starts over.</summary>
    private const int MaxCachedDocuments = 4096;

    private readonly ConcurrentDictionary<string, PolicyDocument?> _parsed = new(StringComparer.Ordinal);

    /// <summary>
    /// Empty for root and for principals that no longer exist; null when the caller cannot be
    /// judged (anonymous, another kind of principal, or a stored document that no longer parses,
    /// which might have held a Deny) and must be refused.
    /// </summary>
    public async Task<IReadOnlyList<PolicyDocument>?> ForAsync(RequestPrincipal caller, CancellationToken cancellationToken)
    {
        var documents = caller.Type switch
        {
            PrincipalType.Account => [],
            PrincipalType.User when caller.UserName is { } user => await store.PolicyDocumentsForUserAsync(user, cancellationToken),
            PrincipalType.AssumedRole when RoleNameOf(caller.Arn) is { } role => await store.PolicyDocumentsForRoleAsync(role, cancellationToken),
            _ => null,
        };
        if (documents is null)
        {
            return null;
        }

        var policies = new List<PolicyDocument>(documents.Count);
        foreach (var document in documents)
        {
            if (Parse(document) is not { } policy)
            {
                return null;
            }

            policies.Add(policy);
        }

        return policies;
    }

    /// <summary>"arn:aws:sts::123456789012:assumed-role/RoleName/session" → "RoleName".</summary>
    public static string? RoleNameOf(string? arn)
    {
        const string Marker = ":assumed-role/";
        var at = arn?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (arn is null || at < 0)
        {
            return null;
        }

        var rest = arn.AsSpan(at + Marker.Length);
        var slash = rest.IndexOf('/');
        return slash > 0 ? rest[..slash].ToString() : null;
    }

    private PolicyDocument? Parse(string document)
    {
        if (_parsed.TryGetValue(document, out var cached))
        {
            return cached;
        }

        PolicyDocument? policy;
        try
        {
            policy = PolicyParser.Parse(document);
        }
        catch (MalformedPolicyException)
        {
            policy = null;
        }

        if (_parsed.Count >= MaxCachedDocuments)
        {
            _parsed.Clear();
        }

        _parsed[document] = policy;
        return policy;
    }
}
