using Coffer.Access.Principals;

namespace Coffer.S3.Auth;

/// <summary>Looks up the secret behind an access key id.</summary>
public interface IAccessKeyStore
{
    /// <summary>
    /// The key's secret and who it acts for; null when the key is unknown or inactive. A temporary
    /// key (from STS) comes with its session token, which carries what the key stands for.
    /// </summary>
    /// <exception cref="Errors.S3Exception">The session token is malformed, belongs to another key, or has expired.</exception>
    ValueTask<AccessKeyCredentials?> FindAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken);
}

/// <summary>An access key, its secret, and the identity it acts for.</summary>
/// <param name="Principal">The owner recorded on what the key creates: the account's owner for every key of the account.</param>
/// <param name="Caller">Who the key is, as policies see it: the account root, an IAM user, or a role session.</param>
/// <param name="SessionPolicy">The policy passed when temporary credentials were issued, which narrows what they may do.</param>
public sealed record AccessKeyCredentials(
    string AccessKeyId,
    string SecretAccessKey,
    string Principal,
    RequestPrincipal Caller,
    string? SessionPolicy = null);
