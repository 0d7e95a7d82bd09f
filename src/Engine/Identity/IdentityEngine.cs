using Coffer.Engine.Ports;

namespace Coffer.Engine.Identity;

/// <summary>An access key as it was created: the only moment its secret is shown.</summary>
public sealed record CreatedAccessKey(StoredAccessKey Key, string SecretAccessKey);

/// <summary>The user an active access key acts for, and its secret, for signature checks.</summary>
public sealed record ActiveKey(string AccessKeyId, string UserName, string SecretAccessKey);

/// <summary>
/// IAM users and their access keys, by IAM's rules: valid names, unique ids, at most two keys a
/// user, secrets sealed before they are stored and shown once. Knows no HTTP and no SQL.
/// </summary>
public sealed class IdentityEngine(IIdentityStore store, SecretBox secrets, TimeProvider clock, string accountId)
{
    /// <summary>IAM's quota of access keys per user.</summary>
    public const int MaxAccessKeysPerUser = 2;

    public string AccountId => accountId;

    public string ArnOf(IamPrincipal principal) =>
        $"arn:aws:iam::{accountId}:{KindInArn(principal.Kind)}{principal.Path}{principal.Name}";

    public async Task<IamPrincipal> CreateUserAsync(string? name, string? path, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "userName");
        var user = new IamPrincipal
        {
            Kind = PrincipalKind.User,
            Name = name!,
            Id = IamNames.NewId("AIDA"),
            Path = IamNames.RequirePath(path),
            Created = Now(),
        };

        return await store.CreatePrincipalAsync(user, cancellationToken) switch
        {
            IdentityStatus.Done => user,
            _ => throw new IdentityException(IdentityError.EntityAlreadyExists, $"User with name {name} already exists."),
        };
    }

    public async Task<IamPrincipal> GetUserAsync(string? name, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "userName");
        return await store.GetPrincipalAsync(PrincipalKind.User, name!, cancellationToken) ?? throw NoSuchUser(name!);
    }

    public async Task DeleteUserAsync(string? name, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "userName");
        switch (await store.DeletePrincipalAsync(PrincipalKind.User, name!, cancellationToken))
        {
            case IdentityStatus.Done:
                return;
            case IdentityStatus.Conflict:
                throw new IdentityException(IdentityError.DeleteConflict, "Cannot delete entity, must delete policies, access keys and group memberships first.");
            default:
                throw NoSuchUser(name!);
        }
    }

    /// <summary>A new active key for the user; its secret is in the result and nowhere else in the clear.</summary>
    public async Task<CreatedAccessKey> CreateAccessKeyAsync(string? userName, CancellationToken cancellationToken)
    {
        IamNames.RequireName(userName, "userName");
        var id = IamNames.NewAccessKeyId();
        var secret = IamNames.NewSecret();
        var key = new StoredAccessKey
        {
            AccessKeyId = id,
            UserName = userName!,
            SealedSecret = secrets.Seal(secret, id),
            Created = Now(),
        };

        return await store.CreateAccessKeyAsync(key, MaxAccessKeysPerUser, cancellationToken) switch
        {
            IdentityStatus.Done => new CreatedAccessKey(key, secret),
            IdentityStatus.LimitExceeded => throw new IdentityException(
                IdentityError.LimitExceeded, $"Cannot exceed quota for AccessKeysPerUser: {MaxAccessKeysPerUser}"),
            _ => throw NoSuchUser(userName!),
        };
    }

    /// <summary>Null when no such key exists or it is inactive; a key of a deleted user cannot exist (its keys go first).</summary>
    public async Task<ActiveKey?> FindActiveKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        var key = await store.GetAccessKeyAsync(accessKeyId, cancellationToken);
        return key is { Active: true }
            ? new ActiveKey(key.AccessKeyId, key.UserName, secrets.Open(key.SealedSecret, key.AccessKeyId))
            : null;
    }

    private DateTimeOffset Now() => clock.StoreNow();

    private static IdentityException NoSuchUser(string name) =>
        new(IdentityError.NoSuchEntity, $"The user with name {name} cannot be found.");

    private static string KindInArn(PrincipalKind kind) => kind switch
    {
        PrincipalKind.User => "user",
        PrincipalKind.Group => "group",
        _ => "role",
    };
}
