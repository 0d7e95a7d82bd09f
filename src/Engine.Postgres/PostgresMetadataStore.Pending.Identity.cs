using Coffer.Engine.Identity;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Postgres;

// Placeholders while the store is built; each is replaced by its implementation, and this file goes when none is left.
public sealed partial class PostgresMetadataStore : IIdentityStore
{
    public Task<IdentityStatus> CreatePrincipalAsync(IamPrincipal principal, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IamPrincipal?> GetPrincipalAsync(PrincipalKind kind, string name, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<IamPrincipal>> ListPrincipalsAsync(PrincipalKind kind, string pathPrefix, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IdentityStatus> DeletePrincipalAsync(PrincipalKind kind, string name, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IdentityStatus> CreateAccessKeyAsync(StoredAccessKey key, int maxKeysPerUser, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<StoredAccessKey?> GetAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<StoredAccessKey>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IdentityStatus> SetAccessKeyActiveAsync(string userName, string accessKeyId, bool active, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IdentityStatus> DeleteAccessKeyAsync(string userName, string accessKeyId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IdentityStatus> PutInlinePolicyAsync(InlinePolicy policy, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<InlinePolicy?> GetInlinePolicyAsync(PrincipalKind kind, string principalName, string policyName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<string>> ListInlinePolicyNamesAsync(PrincipalKind kind, string principalName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IdentityStatus> DeleteInlinePolicyAsync(PrincipalKind kind, string principalName, string policyName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IdentityStatus> CreateManagedPolicyAsync(ManagedPolicy policy, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ManagedPolicy?> GetManagedPolicyAsync(string arn, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<ManagedPolicy>> ListManagedPoliciesAsync(string pathPrefix, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IdentityStatus> DeleteManagedPolicyAsync(string arn, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IdentityStatus> AttachPolicyAsync(PrincipalKind kind, string principalName, string policyArn, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IdentityStatus> DetachPolicyAsync(PrincipalKind kind, string principalName, string policyArn, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<ManagedPolicy>> ListAttachedPoliciesAsync(PrincipalKind kind, string principalName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IdentityStatus> AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IdentityStatus> RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<IamPrincipal>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<IamPrincipal>> ListGroupMembersAsync(string groupName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<string>> PolicyDocumentsForUserAsync(string userName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<string>> PolicyDocumentsForRoleAsync(string roleName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
