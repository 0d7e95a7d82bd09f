namespace Coffer.Engine.Identity;

/// <summary>The ARNs IAM gives its entities in one account.</summary>
public sealed class IamArns(string accountId)
{
    private const string Prefix = "arn:aws:iam::";

    public string AccountId => accountId;

    public string Of(IamPrincipal principal) => Of(principal.Kind, principal.Path, principal.Name);

    public string Of(PrincipalKind kind, string path, string name) => $"{Prefix}{accountId}:{KindInArn(kind)}{path}{name}";

    public string OfPolicy(string path, string name) => $"{Prefix}{accountId}:policy{path}{name}";

    /// <summary>Whether <paramref name="arn"/> has the shape of a managed policy's ARN (of any account, AWS's own included).</summary>
    public static bool IsPolicyArn(string arn)
    {
        var parts = arn.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[3].Length == 0
            && parts[5].StartsWith("policy/", StringComparison.Ordinal) && parts[5].Length > "policy/".Length;
    }

    private static string KindInArn(PrincipalKind kind) => kind switch
    {
        PrincipalKind.User => "user",
        PrincipalKind.Group => "group",
        _ => "role",
    };
}
