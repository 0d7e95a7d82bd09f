namespace Coffer.Access.Principals;

/// <summary>
/// The authenticated identity behind a request, as bucket-policy Principal elements and the
/// principal condition keys see it.
/// </summary>
public sealed record RequestPrincipal
{
    public required PrincipalType Type { get; init; }

    /// <summary>For example <c>arn:aws:iam::111122223333:user/alice</c>; null when anonymous.</summary>
    public string? Arn { get; init; }

    public string? AccountId { get; init; }

    /// <summary>The friendly name, <c>aws:username</c>; AWS sets it for IAM users only.</summary>
    public string? UserName { get; init; }

    /// <summary>The unique id, <c>aws:userid</c>.</summary>
    public string? UserId { get; init; }

    /// <summary>The S3 canonical user id that <c>{"CanonicalUser": ...}</c> principals name.</summary>
    public string? CanonicalUserId { get; init; }

    /// <summary>The service name that <c>{"Service": ...}</c> principals name, such as <c>logging.s3.amazonaws.com</c>.</summary>
    public string? ServiceName { get; init; }

    public bool IsAnonymous => Type == PrincipalType.Anonymous;

    /// <summary>
    /// An unsigned request. It has no <c>aws:userid</c>: AWS's own example of variable defaults is
    /// <c>${aws:userid, 'anonymous'}</c>, for exactly this case.
    /// </summary>
    public static RequestPrincipal Anonymous { get; } = new() { Type = PrincipalType.Anonymous };

    public static RequestPrincipal Root(string accountId) => new()
    {
        Type = PrincipalType.Account,
        Arn = AccountArn(accountId),
        AccountId = accountId,
        UserId = accountId,
    };

    /// <param name="path">The IAM path, <c>/</c> or of the form <c>/division/team/</c>.</param>
    public static RequestPrincipal User(string accountId, string userName, string userId, string path = "/") => new()
    {
        Type = PrincipalType.User,
        Arn = $"arn:aws:iam::{accountId}:user{path}{userName}",
        AccountId = accountId,
        UserName = userName,
        UserId = userId,
    };

    public static RequestPrincipal AssumedRole(string accountId, string roleName, string roleId, string sessionName) => new()
    {
        Type = PrincipalType.AssumedRole,
        Arn = $"arn:aws:sts::{accountId}:assumed-role/{roleName}/{sessionName}",
        AccountId = accountId,
        UserId = $"{roleId}:{sessionName}",
    };

    public static RequestPrincipal Service(string serviceName) => new()
    {
        Type = PrincipalType.Service,
        ServiceName = serviceName,
    };

    /// <summary>The ARN that stands for a whole account in a Principal element.</summary>
    public static string AccountArn(string accountId) => $"arn:aws:iam::{accountId}:root";
}
