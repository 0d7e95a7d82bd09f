using Coffer.Engine.Identity;

namespace Coffer.Engine.Ports;

/// <summary>
/// IAM's state: users, groups and roles, access keys, inline and managed policies, attachments
/// and group membership. Each change is one transaction that checks before it changes, so a
/// refused change (see <see cref="IdentityStatus"/>) changes nothing. Names compare without
/// regard to case, as IAM compares them.
/// </summary>
public interface IIdentityStore
{
    // ---- Users, groups, roles

    Task<IdentityStatus> CreatePrincipalAsync(IamPrincipal principal, CancellationToken cancellationToken);

    Task<IamPrincipal?> GetPrincipalAsync(PrincipalKind kind, string name, CancellationToken cancellationToken);

    /// <summary>Every principal of a kind whose path starts with <paramref name="pathPrefix"/>, ordered by name.</summary>
    Task<IReadOnlyList<IamPrincipal>> ListPrincipalsAsync(PrincipalKind kind, string pathPrefix, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a principal that nothing depends on any more: a user without access keys, inline
    /// or attached policies and group memberships; a group without members and policies; a role
    /// without policies. Else <see cref="IdentityStatus.Conflict"/>, as IAM refuses it.
    /// </summary>
    Task<IdentityStatus> DeletePrincipalAsync(PrincipalKind kind, string name, CancellationToken cancellationToken);

    // ---- Access keys

    /// <summary>NotFound when the user does not exist; LimitExceeded when it has <paramref name="maxKeysPerUser"/> already.</summary>
    Task<IdentityStatus> CreateAccessKeyAsync(StoredAccessKey key, int maxKeysPerUser, CancellationToken cancellationToken);

    Task<StoredAccessKey?> GetAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredAccessKey>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken);

    /// <summary>NotFound unless the key exists and belongs to <paramref name="userName"/>.</summary>
    Task<IdentityStatus> SetAccessKeyActiveAsync(string userName, string accessKeyId, bool active, CancellationToken cancellationToken);

    Task<IdentityStatus> DeleteAccessKeyAsync(string userName, string accessKeyId, CancellationToken cancellationToken);

    // ---- Inline policies

    /// <summary>Creates or replaces; NotFound when the principal does not exist.</summary>
    Task<IdentityStatus> PutInlinePolicyAsync(InlinePolicy policy, CancellationToken cancellationToken);

    Task<InlinePolicy?> GetInlinePolicyAsync(PrincipalKind kind, string principalName, string policyName, CancellationToken cancellationToken);

    /// <summary>The names of a principal's inline policies, ordered.</summary>
    Task<IReadOnlyList<string>> ListInlinePolicyNamesAsync(PrincipalKind kind, string principalName, CancellationToken cancellationToken);

    Task<IdentityStatus> DeleteInlinePolicyAsync(PrincipalKind kind, string principalName, string policyName, CancellationToken cancellationToken);

    // ---- Managed policies and attachments

    /// <summary>AlreadyExists when a policy of that name (or ARN) exists.</summary>
    Task<IdentityStatus> CreateManagedPolicyAsync(ManagedPolicy policy, CancellationToken cancellationToken);

    Task<ManagedPolicy?> GetManagedPolicyAsync(string arn, CancellationToken cancellationToken);

    Task<IReadOnlyList<ManagedPolicy>> ListManagedPoliciesAsync(string pathPrefix, CancellationToken cancellationToken);

    /// <summary>Conflict while the policy is attached anywhere.</summary>
    Task<IdentityStatus> DeleteManagedPolicyAsync(string arn, CancellationToken cancellationToken);

    /// <summary>NotFound when the principal or the policy does not exist; attaching twice is Done.</summary>
    Task<IdentityStatus> AttachPolicyAsync(PrincipalKind kind, string principalName, string policyArn, CancellationToken cancellationToken);

    /// <summary>NotFound when the policy is not attached to the principal.</summary>
    Task<IdentityStatus> DetachPolicyAsync(PrincipalKind kind, string principalName, string policyArn, CancellationToken cancellationToken);

    /// <summary>The managed policies attached to a principal, ordered by name.</summary>
    Task<IReadOnlyList<ManagedPolicy>> ListAttachedPoliciesAsync(PrincipalKind kind, string principalName, CancellationToken cancellationToken);

    // ---- Groups

    /// <summary>NotFound when the user or the group does not exist; adding twice is Done.</summary>
    Task<IdentityStatus> AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken);

    Task<IdentityStatus> RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken cancellationToken);

    Task<IReadOnlyList<IamPrincipal>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken);

    Task<IReadOnlyList<IamPrincipal>> ListGroupMembersAsync(string groupName, CancellationToken cancellationToken);

    // ---- For authorization

    /// <summary>
    /// Every policy document that applies to a user, read in one snapshot: its inline and
    /// attached policies, and those of its groups. Empty for an unknown user.
    /// </summary>
    Task<IReadOnlyList<string>> PolicyDocumentsForUserAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Every policy document of a role: inline and attached.</summary>
    Task<IReadOnlyList<string>> PolicyDocumentsForRoleAsync(string roleName, CancellationToken cancellationToken);
}
