using System.Collections.Concurrent;

using Coffer.Access.Policies;
using Coffer.Access.Principals;
using Coffer.Engine.Ports;
using Coffer.S3.Authorization;

namespace Coffer.Server.Identity;

/// <summary>
/// IAM users' and role sessions' policies, read from the identity store on every request (so a
/// changed policy applies at once) and parsed through a cache keyed by the document's text,
/// which is what makes reading them each time cheap.
/// </summary>
public sealed class StoredIdentityPolicies(IIdentityStore store) : IIdentityPolicySource
{
    /// <summary>Enough for every distinct policy of a large deployment; past it the cache starts over.</summary>
    private const int MaxCachedDocuments = 4096;

    private readonly ConcurrentDictionary<string, PolicyDocument?> _parsed = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<PolicyDocument>> ForAsync(RequestPrincipal caller, CancellationToken cancellationToken)
    {
        var documents = caller.Type switch
        {
            PrincipalType.User when caller.UserName is { } user => await store.PolicyDocumentsForUserAsync(user, cancellationToken),
            PrincipalType.AssumedRole when RoleNameOf(caller.Arn) is { } role => await store.PolicyDocumentsForRoleAsync(role, cancellationToken),
            _ => [],
        };

        var policies = new List<PolicyDocument>(documents.Count);
        foreach (var document in documents)
        {
            if (Parse(document) is { } policy)
            {
                policies.Add(policy);
            }
        }

        return policies;
    }

    /// <summary>
    /// Stored documents were checked when they were put; one that no longer parses (after a
    /// change to the policy language's rules, say) grants nothing rather than failing requests.
    /// </summary>
    private PolicyDocument? Parse(string document)
    {
        if (_parsed.TryGetValue(document, out var cached))
        {
            return cached;
        }

        PolicyDocument? policy;
        try
        {
            policy = PolicyParser.ParseIdentityPolicy(document);
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

    /// <summary>"arn:aws:sts::123456789012:assumed-role/RoleName/session" → "RoleName".</summary>
    private static string? RoleNameOf(string? arn)
    {
        const string marker = ":assumed-role/";
        var start = arn?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return null;
        }

        var rest = arn!.AsSpan(start + marker.Length);
        var slash = rest.IndexOf('/');
        return slash <= 0 ? null : rest[..slash].ToString();
    }
}
