using Coffer.Engine.Ports;

namespace Coffer.Engine.Identity;

/// <summary>IAM roles: identities without keys of their own, assumed through STS by whoever their trust policy names.</summary>
public sealed class RoleEngine(IIdentityStore store, IPolicyChecker policies, TimeProvider clock)
{
    /// <summary>IAM's bounds of a role's MaxSessionDuration, in seconds: one to twelve hours.</summary>
    public const int MinSessionSeconds = 3600;

    public const int MaxSessionSeconds = 43200;

    /// <summary>IAM's default quota for a trust policy's size.</summary>
    public const int MaxTrustPolicyLength = 2048;

    private readonly PrincipalRegistry _roles = new(store, PrincipalKind.Role);

    public Task<IamPrincipal> CreateRoleAsync(string? name, string? path, string? trustPolicy, int? maxSessionSeconds, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "roleName");
        var rolePath = IamNames.RequirePath(path);
        if (string.IsNullOrEmpty(trustPolicy))
        {
            throw new IdentityException(IdentityError.ValidationError, "The specified value for assumeRolePolicyDocument is invalid. It must not be empty.");
        }

        if (trustPolicy.Length > MaxTrustPolicyLength)
        {
            throw new IdentityException(IdentityError.LimitExceeded, $"Cannot exceed quota for ACLSizePerRole: {MaxTrustPolicyLength}");
        }

        var seconds = maxSessionSeconds ?? MinSessionSeconds;
        if (seconds is < MinSessionSeconds or > MaxSessionSeconds)
        {
            throw new IdentityException(
                IdentityError.ValidationError,
                $"1 validation error detected: Value '{seconds}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between {MinSessionSeconds} and {MaxSessionSeconds}");
        }

        policies.CheckTrustPolicy(trustPolicy);
        return _roles.CreateAsync(
            new IamPrincipal
            {
                Kind = PrincipalKind.Role,
                Name = name!,
                Id = IamNames.NewId("AROA"),
                Path = rolePath,
                Created = clock.StoreNow(),
                TrustPolicy = trustPolicy,
                MaxSessionSeconds = seconds,
            },
            cancellationToken);
    }

    public Task<IamPrincipal> GetRoleAsync(string? name, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "roleName");
        return _roles.GetAsync(name!, cancellationToken);
    }

    public Task<Page<IamPrincipal>> ListRolesAsync(string? pathPrefix, PageRequest page, CancellationToken cancellationToken) =>
        _roles.ListAsync(pathPrefix, page, cancellationToken);

    public Task DeleteRoleAsync(string? name, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "roleName");
        return _roles.DeleteAsync(name!, "detach all policies", cancellationToken);
    }
}
