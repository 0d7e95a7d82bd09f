using Coffer.Access.Principals;

namespace Coffer.Access.Tests.Support;

/// <summary>The cast of the tables: one account with a few users, plus outsiders.</summary>
internal static class SamplePrincipals
{
    public const string Account = "111122223333";

    public static RequestPrincipal Alice { get; } = RequestPrincipal.User(Account, "alice", "AIDAALICE000000000001");

    public static RequestPrincipal Bob { get; } = RequestPrincipal.User(Account, "bob", "AIDABOB00000000000002");

    public static RequestPrincipal Root { get; } = RequestPrincipal.Root(Account);

    /// <summary>
    /// Names usable in table rows (strings keep each row a separate, named test case):
    /// alice, bob, root, anonymous, canonical:&lt;id&gt;, service:&lt;name&gt;.
    /// </summary>
    public static RequestPrincipal Named(string name) => name switch
    {
        "alice" => Alice,
        "bob" => Bob,
        "root" => Root,
        "anonymous" => RequestPrincipal.Anonymous,
        _ when name.StartsWith("canonical:", StringComparison.Ordinal) =>
            Bob with { CanonicalUserId = name["canonical:".Length..] },
        _ when name.StartsWith("service:", StringComparison.Ordinal) =>
            RequestPrincipal.Service(name["service:".Length..]),
        _ => throw new ArgumentException($"No principal named {name}", nameof(name)),
    };
}
