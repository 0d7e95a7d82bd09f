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

    private readonly PrincipalRegistry _users = new(store, PrincipalKind.User);

    private readonly IamArns _arns = new(accountId);

    public string AccountId => accountId;

    public string ArnOf(IamPrincipal principal) => _arns.Of(principal);

    public async Task<IamPrincipal> CreateUserAsync(string? name, string? path, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "userName");
        return await _users.CreateAsync(
            new IamPrincipal
            {
                Kind = PrincipalKind.User,
                Name = name!,
                Id = IamNames.NewId("AIDA"),
                Path = IamNames.RequirePath(path),
                Created = clock.StoreNow(),
            },
            cancellationToken);
    }

    public Task<IamPrincipal> GetUserAsync(string? name, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "userName");
        return _users.GetAsync(name!, cancellationToken);
    }

    public Task<Page<IamPrincipal>> ListUsersAsync(string? pathPrefix, PageRequest page, CancellationToken cancellationToken) =>
        _users.ListAsync(pathPrefix, page, cancellationToken);

    public Task DeleteUserAsync(string? name, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "userName");
        return _users.DeleteAsync(name!, "delete policies, access keys and group memberships", cancellationToken);
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
            Created = clock.StoreNow(),
        };

        return await store.CreateAccessKeyAsync(key, MaxAccessKeysPerUser, cancellationToken) switch
        {
            IdentityStatus.Done => new CreatedAccessKey(key, secret),
            IdentityStatus.LimitExceeded => throw new IdentityException(
                IdentityError.LimitExceeded, $"Cannot exceed quota for AccessKeysPerUser: {MaxAccessKeysPerUser}"),
            _ => throw _users.NotFound(userName!),
        };
    }

    /// <summary>The user's keys, oldest first, with their secrets left sealed.</summary>
    public async Task<Page<StoredAccessKey>> ListAccessKeysAsync(string? userName, PageRequest page, CancellationToken cancellationToken)
    {
        IamNames.RequireName(userName, "userName");
        await _users.RequireAsync(userName!, cancellationToken);
        var keys = (await store.ListAccessKeysAsync(userName!, cancellationToken)).OrderBy(k => k.AccessKeyId, IamNameOrder.Instance).ToList();
        return Paging.Take(keys, k => k.AccessKeyId, page);
    }

    /// <summary>Makes a key Active or Inactive; an inactive key signs nothing until it is made active again.</summary>
    public async Task UpdateAccessKeyAsync(string? userName, string? accessKeyId, string? status, CancellationToken cancellationToken)
    {
        IamNames.RequireName(userName, "userName");
        RequireAccessKeyId(accessKeyId);
        var active = status switch
        {
            "Active" => true,
            "Inactive" => false,
            _ => throw new IdentityException(
                IdentityError.ValidationError,
                $"1 validation error detected: Value '{status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]"),
        };

        if (await store.SetAccessKeyActiveAsync(userName!, accessKeyId!, active, cancellationToken) != IdentityStatus.Done)
        {
            throw await KeyNotFoundAsync(userName!, accessKeyId!, cancellationToken);
        }
    }

    public async Task DeleteAccessKeyAsync(string? userName, string? accessKeyId, CancellationToken cancellationToken)
    {
        IamNames.RequireName(userName, "userName");
        RequireAccessKeyId(accessKeyId);
        if (await store.DeleteAccessKeyAsync(userName!, accessKeyId!, cancellationToken) != IdentityStatus.Done)
        {
            throw await KeyNotFoundAsync(userName!, accessKeyId!, cancellationToken);
        }
    }

    /// <summary>Null when no such key exists or it is inactive; a key of a deleted user cannot exist (its keys go first).</summary>
    public async Task<ActiveKey?> FindActiveKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        var key = await store.GetAccessKeyAsync(accessKeyId, cancellationToken);
        return key is { Active: true }
            ? new ActiveKey(key.AccessKeyId, key.UserName, secrets.Open(key.SealedSecret, key.AccessKeyId))
            : null;
    }

    // IAM names the missing user when there is none, else the key.
    private async Task<IdentityException> KeyNotFoundAsync(string userName, string accessKeyId, CancellationToken cancellationToken)
    {
        await _users.RequireAsync(userName, cancellationToken);
        return new IdentityException(IdentityError.NoSuchEntity, $"The Access Key with id {accessKeyId} cannot be found.");
    }

    private static void RequireAccessKeyId(string? accessKeyId)
    {
        if (accessKeyId is not { Length: >= 16 and <= 128 } || !accessKeyId.All(char.IsAsciiLetterOrDigit))
        {
            throw new IdentityException(
                IdentityError.ValidationError,
                "The specified value for accessKeyId is invalid. It must contain only alphanumeric characters and be 16 to 128 characters long.");
        }
    }
}
