using System.Collections.Concurrent;

using Coffer.Access.Policies;
using Coffer.Access.Principals;
using Coffer.Engine.Caching;
using Coffer.Engine.Ports;

namespace Coffer.Iam;

/// <summary>
/// The identity policies of a signed caller, for every service that authorizes one (S3, IAM,
/// STS): an IAM user's inline and attached policies and its groups'; an assumed role's. Parsed
/// through a cache keyed by the document's text. Given the counter of IAM changes, a principal's
/// parsed list is also kept for a few seconds, so that a request costs no query at all; a
/// change through this process retires it at once. Without the counter, every lookup reads the store.
/// </summary>
/// <param name="identityChanges">Counts IAM changes made through this process (see <see cref="Engine.Identity.ChangeCountingIdentityStore"/>).</param>
public sealed class IdentityPolicies(IIdentityStore store, ChangeCounter? identityChanges = null, TimeProvider? clock = null)
{
    /// <summary>
    /// How long a principal's policies are reused without reading the store. A policy changed
    /// through this server applies at once; this bounds how long one changed through another
    /// node sharing the database goes unseen here, as for access keys.
    /// </summary>
    public static readonly TimeSpan LookupLifetime = TimeSpan.FromSeconds(5);

    /// <summary>Enough for every distinct policy of a large deployment; past it the cache starts over.</summary>
    private const int MaxCachedDocuments = 4096;

    private readonly ConcurrentDictionary<string, PolicyDocument?> _parsed = new(StringComparer.Ordinal);

    private readonly ShortLivedCache<(PrincipalType, string), IReadOnlyList<PolicyDocument>>? _lookups = identityChanges is null
        ? null
        : new(identityChanges, LookupLifetime, MaxCachedDocuments, clock ?? TimeProvider.System);

    /// <summary>
    /// Empty for root and for principals that no longer exist; null when the caller cannot be
    /// judged (anonymous, another kind of principal, or a stored document that no longer parses,
    /// which might have held a Deny) and must be refused.
    /// </summary>
    public async Task<IReadOnlyList<PolicyDocument>?> ForAsync(RequestPrincipal caller, CancellationToken cancellationToken)
    {
        if (caller.Type == PrincipalType.Account)
        {
            return [];
        }

        var name = caller.Type switch
        {
            PrincipalType.User => caller.UserName,
            PrincipalType.AssumedRole => RoleNameOf(caller.Arn),
            _ => null,
        };
        if (name is null)
        {
            return null;
        }

        if (_lookups is not null && _lookups.TryGet((caller.Type, name), out var cached))
        {
            return cached;
        }

        var stamp = _lookups?.Stamp();
        var policies = await ReadAsync(caller.Type, name, cancellationToken);
        if (policies is not null && stamp is { } taken)
        {
            _lookups!.Set((caller.Type, name), policies, taken);
        }

        return policies;
    }

    /// <summary>Null when a stored document no longer parses (see <see cref="ForAsync"/>).</summary>
    private async Task<IReadOnlyList<PolicyDocument>?> ReadAsync(PrincipalType type, string name, CancellationToken cancellationToken)
    {
        var documents = type == PrincipalType.User
            ? await store.PolicyDocumentsForUserAsync(name, cancellationToken)
            : await store.PolicyDocumentsForRoleAsync(name, cancellationToken);

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
