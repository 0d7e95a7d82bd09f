using Coffer.Engine.Identity;
using Coffer.Engine.Ports;

namespace Coffer.Iam;

/// <summary>The identity engines of one account, built once and shared by every IAM action.</summary>
internal sealed class IamServices(IIdentityStore store, SecretBox secrets, TimeProvider clock, string accountId)
{
    public IIdentityStore Store { get; } = store;

    public IamArns Arns { get; } = new(accountId);

    public IdentityEngine Users { get; } = new(store, secrets, clock, accountId);

    public GroupEngine Groups { get; } = new(store, clock);

    public RoleEngine Roles { get; } = new(store, AccessPolicyChecker.Instance, clock);

    public InlinePolicyEngine InlinePolicies { get; } = new(store, AccessPolicyChecker.Instance);

    public ManagedPolicyEngine ManagedPolicies { get; } = new(store, AccessPolicyChecker.Instance, clock, accountId);

    /// <summary>
    /// The ARN of a user, group or role as policies name it, path included. The path is the stored
    /// one; for a name that does not exist (yet) it is "/", or the path the request gives it.
    /// </summary>
    public async Task<string> ArnOfAsync(PrincipalKind kind, string? name, string? pathForNew, CancellationToken cancellationToken)
    {
        var existing = string.IsNullOrEmpty(name) ? null : await Store.GetPrincipalAsync(kind, name, cancellationToken);
        return existing is not null ? Arns.Of(existing) : Arns.Of(kind, pathForNew is { Length: > 0 } ? pathForNew : "/", name ?? "");
    }
}
