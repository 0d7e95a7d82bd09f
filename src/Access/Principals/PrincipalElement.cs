using System.Collections.Frozen;

namespace Coffer.Access.Principals;

/// <summary>A statement's Principal or NotPrincipal.</summary>
/// <remarks>
/// Principal values never carry wildcards except <c>"*"</c> and <c>{"AWS": "*"}</c>, which name
/// everyone, anonymous requests included; the parser rejects any other wildcard, as AWS does.
/// </remarks>
public sealed class PrincipalElement
{
    private readonly FrozenSet<string> _arns;
    private readonly FrozenSet<string> _accounts;
    private readonly FrozenSet<string> _canonicalUsers;
    private readonly FrozenSet<string> _services;

    internal PrincipalElement(
        bool isNotPrincipal,
        bool isEveryone,
        IEnumerable<string> aws,
        IEnumerable<string> canonicalUsers,
        IEnumerable<string> services,
        IEnumerable<string> federated)
    {
        IsNotPrincipal = isNotPrincipal;
        IsEveryone = isEveryone;
        Aws = [.. aws];
        CanonicalUsers = [.. canonicalUsers];
        Services = [.. services];
        Federated = [.. federated];

        // "111122223333" and "arn:aws:iam::111122223333:root" both stand for the account.
        _accounts = Aws.Select(AccountOf).OfType<string>().ToFrozenSet(StringComparer.Ordinal);
        _arns = Aws.Select(a => AccountOf(a) is { } account ? RequestPrincipal.AccountArn(account) : a).ToFrozenSet(StringComparer.Ordinal);
        _canonicalUsers = CanonicalUsers.ToFrozenSet(StringComparer.Ordinal);
        _services = Services.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True for NotPrincipal.</summary>
    public bool IsNotPrincipal { get; }

    /// <summary><c>"*"</c> or <c>{"AWS": "*"}</c>.</summary>
    public bool IsEveryone { get; }

    public IReadOnlyList<string> Aws { get; }

    public IReadOnlyList<string> CanonicalUsers { get; }

    public IReadOnlyList<string> Services { get; }

    /// <summary>Accepted and kept, but Coffer has no federated principals, so these never match.</summary>
    public IReadOnlyList<string> Federated { get; }

    /// <summary>
    /// Whether the statement applies to the requester, and how. NotPrincipal excludes only
    /// principals it names directly: naming a user's account there does not exclude the user, as
    /// in AWS, which is why AWS advises listing both.
    /// </summary>
    internal PrincipalMatch Match(RequestPrincipal requester)
    {
        var named = Names(requester);
        if (!IsNotPrincipal)
        {
            return named;
        }

        return named == PrincipalMatch.Direct ? PrincipalMatch.None : PrincipalMatch.Direct;
    }

    private PrincipalMatch Names(RequestPrincipal requester)
    {
        if (IsEveryone)
        {
            return PrincipalMatch.Direct;
        }

        if (requester.IsAnonymous)
        {
            return PrincipalMatch.None;
        }

        if ((requester.Arn is { } arn && _arns.Contains(arn))
            || (requester.CanonicalUserId is { } canonical && _canonicalUsers.Contains(canonical))
            || (requester.ServiceName is { } service && _services.Contains(service)))
        {
            return PrincipalMatch.Direct;
        }

        return requester.AccountId is { } account && _accounts.Contains(account)
            ? PrincipalMatch.Account
            : PrincipalMatch.None;
    }

    /// <summary>The account id an AWS principal value names as a whole account, if it does.</summary>
    private static string? AccountOf(string awsPrincipal)
    {
        if (IsAccountId(awsPrincipal))
        {
            return awsPrincipal;
        }

        const string prefix = "arn:aws:iam::";
        const string suffix = ":root";
        if (awsPrincipal.StartsWith(prefix, StringComparison.Ordinal) && awsPrincipal.EndsWith(suffix, StringComparison.Ordinal))
        {
            var account = awsPrincipal[prefix.Length..^suffix.Length];
            return IsAccountId(account) ? account : null;
        }

        return null;
    }

    internal static bool IsAccountId(string text) => text.Length == 12 && text.All(char.IsAsciiDigit);
}
