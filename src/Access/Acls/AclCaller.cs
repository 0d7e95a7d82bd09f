namespace Coffer.Access.Acls;

/// <summary>Who asks, as an ACL sees it: nobody (an unsigned request) or a canonical user.</summary>
public sealed record AclCaller
{
    private AclCaller(string? canonicalId) => CanonicalId = canonicalId;

    public static AclCaller Anonymous { get; } = new((string?)null);

    /// <summary>Null when anonymous.</summary>
    public string? CanonicalId { get; }

    public bool IsAnonymous => CanonicalId is null;

    /// <summary>A signed request; every principal of an account (root, IAM users, roles) shares the account's canonical id.</summary>
    public static AclCaller Authenticated(string canonicalId)
    {
        ArgumentException.ThrowIfNullOrEmpty(canonicalId);
        return new AclCaller(canonicalId);
    }
}
