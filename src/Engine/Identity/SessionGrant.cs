namespace Coffer.Engine.Identity;

/// <summary>
/// What a set of temporary credentials stands for: the user (GetSessionToken) or role
/// (AssumeRole) it acts as, until when, and the session policy that narrows it. It travels inside
/// the session token itself (see <see cref="SessionTokens"/>), so nothing is stored per session.
/// </summary>
public sealed record SessionGrant
{
    /// <summary>The temporary access key id, ASIA followed by 16 characters.</summary>
    public required string AccessKeyId { get; init; }

    public required string SecretAccessKey { get; init; }

    public required DateTimeOffset Expiration { get; init; }

    /// <summary>A session of the account root (GetSessionToken with root's key): it acts as root.</summary>
    public bool AccountRoot { get; init; }

    /// <summary><see cref="PrincipalKind.User"/> for GetSessionToken, <see cref="PrincipalKind.Role"/> for AssumeRole.</summary>
    public required PrincipalKind Kind { get; init; }

    /// <summary>The user's or role's name.</summary>
    public required string PrincipalName { get; init; }

    /// <summary>The user's or role's unique id (AIDA…, AROA…).</summary>
    public required string PrincipalId { get; init; }

    public string PrincipalPath { get; init; } = "/";

    /// <summary>The role session name; null for a user's session.</summary>
    public string? SessionName { get; init; }

    /// <summary>The inline session policy passed to AssumeRole, if any.</summary>
    public string? SessionPolicy { get; init; }
}
