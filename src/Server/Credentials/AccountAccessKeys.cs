using System.Security.Cryptography;
using System.Text;

using Coffer.Access.Principals;
using Coffer.Engine.Identity;
using Coffer.Engine.Ports;
using Coffer.S3.Auth;
using Coffer.S3.Errors;
using Coffer.S3.Http;

namespace Coffer.Server.Credentials;

/// <summary>
/// Every access key of the account: root's (from the data directory or the environment), IAM
/// users' (from the identity store, active ones only), and temporary keys from STS, whose session
/// token carries what they stand for. All act for the one account, which owns what they create.
/// </summary>
public sealed class AccountAccessKeys(RootCredentials root, string accountId, IdentityEngine identity, IIdentityStore store, SessionTokens sessions)
    : IAccessKeyStore
{
    /// <summary>The owner recorded on buckets and objects: the account, whichever of its keys signed.</summary>
    private const string AccountOwner = CanonicalUser.AccountDisplayName;

    private readonly AccessKeyCredentials _root = new(root.AccessKeyId, root.SecretAccessKey, AccountOwner, RequestPrincipal.Root(accountId));
    private readonly byte[] _rootId = Encoding.UTF8.GetBytes(root.AccessKeyId);

    public async ValueTask<AccessKeyCredentials?> FindAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
    {
        if (sessionToken is not null)
        {
            return FromSession(accessKeyId, sessionToken);
        }

        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(accessKeyId), _rootId))
        {
            return _root;
        }

        if (await identity.FindActiveKeyAsync(accessKeyId, cancellationToken) is not { } key
            || await store.GetPrincipalAsync(PrincipalKind.User, key.UserName, cancellationToken) is not { } user)
        {
            return null;
        }

        return new AccessKeyCredentials(
            key.AccessKeyId, key.SecretAccessKey, AccountOwner, RequestPrincipal.User(accountId, user.Name, user.Id, user.Path));
    }

    private AccessKeyCredentials FromSession(string accessKeyId, string token)
    {
        SessionGrant grant;
        try
        {
            grant = sessions.Open(accessKeyId, token);
        }
        catch (SessionTokenException error)
        {
            throw new S3Exception(error.Expired ? S3Error.SessionTokenExpired : S3Error.InvalidToken);
        }

        var caller = grant.AccountRoot ? RequestPrincipal.Root(accountId)
            : grant.Kind == PrincipalKind.Role
            ? RequestPrincipal.AssumedRole(accountId, grant.PrincipalName, grant.PrincipalId, grant.SessionName ?? grant.PrincipalName)
            : RequestPrincipal.User(accountId, grant.PrincipalName, grant.PrincipalId, grant.PrincipalPath);
        return new AccessKeyCredentials(grant.AccessKeyId, grant.SecretAccessKey, AccountOwner, caller, grant.SessionPolicy);
    }
}
