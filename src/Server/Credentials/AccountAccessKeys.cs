using System.Security.Cryptography;
using System.Text;

using Coffer.Access.Principals;
using Coffer.Engine.Caching;
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
/// <param name="identityChanges">Counts the IAM changes made through this process (see <see cref="ChangeCountingIdentityStore"/>).</param>
public sealed class AccountAccessKeys(
    RootCredentials root,
    string accountId,
    IdentityEngine identity,
    IIdentityStore store,
    SessionTokens sessions,
    ChangeCounter identityChanges,
    TimeProvider clock)
    : IAccessKeyStore
{
    /// <summary>
    /// How long a resolved key (its secret opened, its user read) is reused. Resolving costs two
    /// queries and an AES-GCM open on every request, which made a user's request three times
    /// dearer than root's (docs/benchmarks.md). A change made through this server applies at once
    /// (the cache watches <c>identityChanges</c>), so this bounds only how long a key deactivated
    /// or deleted through another node sharing the database keeps signing here.
    /// </summary>
    public static readonly TimeSpan ResolvedKeyLifetime = TimeSpan.FromSeconds(5);

    /// <summary>Far more keys than sign in any few seconds; past it the cache starts over.</summary>
    private const int MaxCachedKeys = 4096;

    /// <summary>The owner recorded on buckets and objects: the account, whichever of its keys signed.</summary>
    private const string AccountOwner = CanonicalUser.AccountDisplayName;

    private readonly AccessKeyCredentials _root = new(root.AccessKeyId, root.SecretAccessKey, AccountOwner, RequestPrincipal.Root(accountId));
    private readonly byte[] _rootId = Encoding.UTF8.GetBytes(root.AccessKeyId);

    private readonly ShortLivedCache<string, AccessKeyCredentials> _userKeys = new(identityChanges, ResolvedKeyLifetime, MaxCachedKeys, clock);

    // Keyed by the token, which names its key id and seals its grant: opening it costs an AES-GCM
    // open and a JSON parse. Expiry is checked again on every use; an issued session cannot be
    // revoked (see SessionTokens), so only the lifetime and the count bound these entries.
    private readonly ShortLivedCache<string, OpenedSession> _sessions = new(identityChanges, ResolvedKeyLifetime, MaxCachedKeys, clock);

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

        if (_userKeys.TryGet(accessKeyId, out var cached))
        {
            return cached;
        }

        // An unknown or inactive key is not remembered: a key just created elsewhere must work at once.
        var stamp = _userKeys.Stamp();
        if (await identity.FindActiveKeyAsync(accessKeyId, cancellationToken) is not { } key
            || await store.GetPrincipalAsync(PrincipalKind.User, key.UserName, cancellationToken) is not { } user)
        {
            return null;
        }

        var credentials = new AccessKeyCredentials(
            key.AccessKeyId, key.SecretAccessKey, AccountOwner, RequestPrincipal.User(accountId, user.Name, user.Id, user.Path));
        _userKeys.Set(accessKeyId, credentials, stamp);
        return credentials;
    }

    private AccessKeyCredentials FromSession(string accessKeyId, string token)
    {
        if (_sessions.TryGet(token, out var cached)
            && cached.Credentials.AccessKeyId == accessKeyId
            && clock.GetUtcNow() < cached.Expiration)
        {
            return cached.Credentials;
        }

        var stamp = _sessions.Stamp();
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
        var credentials = new AccessKeyCredentials(grant.AccessKeyId, grant.SecretAccessKey, AccountOwner, caller, grant.SessionPolicy);
        _sessions.Set(token, new OpenedSession(credentials, grant.Expiration), stamp);
        return credentials;
    }

    private sealed record OpenedSession(AccessKeyCredentials Credentials, DateTimeOffset Expiration);
}
