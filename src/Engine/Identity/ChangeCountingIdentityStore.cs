using Coffer.Engine.Caching;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Identity;

/// <summary>
/// The identity store, counting every change made through it in <paramref name="changes"/>, which
/// the caches of keys and policies watch. Wrapping the port rather than each engine's methods means
/// that a new IAM action cannot forget to invalidate them: every write of IAM state goes through here.
/// </summary>
public sealed class ChangeCountingIdentityStore(IIdentityStore inner, ChangeCounter changes) : IIdentityStore
{
    public Task<IdentityStatus> CreatePrincipalAsync(IamPrincipal principal, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.CreatePrincipalAsync(principal, cancellationToken));

    public Task<IamPrincipal?> GetPrincipalAsync(PrincipalKind kind, string name, CancellationToken cancellationToken) =>
        inner.GetPrincipalAsync(kind, name, cancellationToken);

    public Task<IReadOnlyList<IamPrincipal>> ListPrincipalsAsync(PrincipalKind kind, string pathPrefix, CancellationToken cancellationToken) =>
        inner.ListPrincipalsAsync(kind, pathPrefix, cancellationToken);

    public Task<IdentityStatus> DeletePrincipalAsync(PrincipalKind kind, string name, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.DeletePrincipalAsync(kind, name, cancellationToken));

    public Task<IdentityStatus> CreateAccessKeyAsync(StoredAccessKey key, int maxKeysPerUser, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.CreateAccessKeyAsync(key, maxKeysPerUser, cancellationToken));

    public Task<StoredAccessKey?> GetAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        inner.GetAccessKeyAsync(accessKeyId, cancellationToken);

    public Task<IReadOnlyList<StoredAccessKey>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken) =>
        inner.ListAccessKeysAsync(userName, cancellationToken);

    public Task<IdentityStatus> SetAccessKeyActiveAsync(string userName, string accessKeyId, bool active, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.SetAccessKeyActiveAsync(userName, accessKeyId, active, cancellationToken));

    public Task<IdentityStatus> DeleteAccessKeyAsync(string userName, string accessKeyId, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.DeleteAccessKeyAsync(userName, accessKeyId, cancellationToken));

    public Task<IdentityStatus> PutInlinePolicyAsync(InlinePolicy policy, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.PutInlinePolicyAsync(policy, cancellationToken));

    public Task<InlinePolicy?> GetInlinePolicyAsync(PrincipalKind kind, string principalName, string policyName, CancellationToken cancellationToken) =>
        inner.GetInlinePolicyAsync(kind, principalName, policyName, cancellationToken);

    public Task<IReadOnlyList<string>> ListInlinePolicyNamesAsync(PrincipalKind kind, string principalName, CancellationToken cancellationToken) =>
        inner.ListInlinePolicyNamesAsync(kind, principalName, cancellationToken);

    public Task<IdentityStatus> DeleteInlinePolicyAsync(PrincipalKind kind, string principalName, string policyName, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.DeleteInlinePolicyAsync(kind, principalName, policyName, cancellationToken));

    public Task<IdentityStatus> CreateManagedPolicyAsync(ManagedPolicy policy, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.CreateManagedPolicyAsync(policy, cancellationToken));

    public Task<ManagedPolicy?> GetManagedPolicyAsync(string arn, CancellationToken cancellationToken) =>
        inner.GetManagedPolicyAsync(arn, cancellationToken);

    public Task<IReadOnlyList<ManagedPolicy>> ListManagedPoliciesAsync(string pathPrefix, CancellationToken cancellationToken) =>
        inner.ListManagedPoliciesAsync(pathPrefix, cancellationToken);

    public Task<IdentityStatus> DeleteManagedPolicyAsync(string arn, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.DeleteManagedPolicyAsync(arn, cancellationToken));

    public Task<IdentityStatus> AttachPolicyAsync(PrincipalKind kind, string principalName, string policyArn, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.AttachPolicyAsync(kind, principalName, policyArn, cancellationToken));

    public Task<IdentityStatus> DetachPolicyAsync(PrincipalKind kind, string principalName, string policyArn, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.DetachPolicyAsync(kind, principalName, policyArn, cancellationToken));

    public Task<IReadOnlyList<ManagedPolicy>> ListAttachedPoliciesAsync(PrincipalKind kind, string principalName, CancellationToken cancellationToken) =>
        inner.ListAttachedPoliciesAsync(kind, principalName, cancellationToken);

    public Task<IdentityStatus> AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.AddUserToGroupAsync(groupName, userName, cancellationToken));

    public Task<IdentityStatus> RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken cancellationToken) =>
        changes.CountAsync(inner.RemoveUserFromGroupAsync(groupName, userName, cancellationToken));

    public Task<IReadOnlyList<IamPrincipal>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken) =>
        inner.ListGroupsForUserAsync(userName, cancellationToken);

    public Task<IReadOnlyList<IamPrincipal>> ListGroupMembersAsync(string groupName, CancellationToken cancellationToken) =>
        inner.ListGroupMembersAsync(groupName, cancellationToken);

    public Task<IReadOnlyList<string>> PolicyDocumentsForUserAsync(string userName, CancellationToken cancellationToken) =>
        inner.PolicyDocumentsForUserAsync(userName, cancellationToken);

    public Task<IReadOnlyList<string>> PolicyDocumentsForRoleAsync(string roleName, CancellationToken cancellationToken) =>
        inner.PolicyDocumentsForRoleAsync(roleName, cancellationToken);
}
