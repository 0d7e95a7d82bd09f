using Coffer.Engine.Identity;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// <see cref="IIdentityStore"/> in the same database as buckets and objects, through the same
/// single writer and reader pool. Every change checks first and changes only when its checks
/// pass; a refusal rolls its changes back (to its savepoint in the group's shared transaction).
/// </summary>
public sealed partial class SqliteMetadataStore : IIdentityStore
{
    public Task<IdentityStatus> CreatePrincipalAsync(IamPrincipal principal, CancellationToken cancellationToken) =>
        ChangeAsync(
            session =>
            {
                if (IdentityRows.FindPrincipal(session, principal.Kind, principal.Name) is not null || IdentityRows.PrincipalIdExists(session, principal.Id))
                {
                    return IdentityStatus.AlreadyExists;
                }

                IdentityRows.InsertPrincipal(session, principal);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<IamPrincipal?> GetPrincipalAsync(PrincipalKind kind, string name, CancellationToken cancellationToken) =>
        ReadAsync(session => IdentityRows.FindPrincipal(session, kind, name), cancellationToken);

    public Task<IReadOnlyList<IamPrincipal>> ListPrincipalsAsync(PrincipalKind kind, string pathPrefix, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<IamPrincipal>>(session => IdentityRows.ListPrincipals(session, kind, pathPrefix), cancellationToken);

    public Task<IdentityStatus> DeletePrincipalAsync(PrincipalKind kind, string name, CancellationToken cancellationToken) =>
        ChangeAsync(
            session =>
            {
                if (IdentityRows.FindPrincipal(session, kind, name) is null)
                {
                    return IdentityStatus.NotFound;
                }

                if (IdentityRows.HasDependents(session, kind, name))
                {
                    return IdentityStatus.Conflict;
                }

                IdentityRows.DeletePrincipal(session, kind, name);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<IdentityStatus> CreateAccessKeyAsync(StoredAccessKey key, int maxKeysPerUser, CancellationToken cancellationToken) =>
        ChangeAsync(
            session =>
            {
                if (IdentityRows.FindPrincipal(session, PrincipalKind.User, key.UserName) is null)
                {
                    return IdentityStatus.NotFound;
                }

                if (IdentityRows.FindKey(session, key.AccessKeyId) is not null)
                {
                    return IdentityStatus.AlreadyExists;
                }

                if (IdentityRows.KeysOf(session, key.UserName).Count >= maxKeysPerUser)
                {
                    return IdentityStatus.LimitExceeded;
                }

                IdentityRows.InsertKey(session, key);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<StoredAccessKey?> GetAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        ReadAsync(session => IdentityRows.FindKey(session, accessKeyId), cancellationToken);

    public Task<IReadOnlyList<StoredAccessKey>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StoredAccessKey>>(session => IdentityRows.KeysOf(session, userName), cancellationToken);

    public Task<IdentityStatus> SetAccessKeyActiveAsync(string userName, string accessKeyId, bool active, CancellationToken cancellationToken) =>
        ChangeAsync(session => Found(IdentityRows.SetKeyActive(session, userName, accessKeyId, active)), cancellationToken);

    public Task<IdentityStatus> DeleteAccessKeyAsync(string userName, string accessKeyId, CancellationToken cancellationToken) =>
        ChangeAsync(session => Found(IdentityRows.DeleteKey(session, userName, accessKeyId)), cancellationToken);

    public Task<IdentityStatus> PutInlinePolicyAsync(InlinePolicy policy, CancellationToken cancellationToken) =>
        ChangeAsync(
            session =>
            {
                if (IdentityRows.FindPrincipal(session, policy.Kind, policy.PrincipalName) is null)
                {
                    return IdentityStatus.NotFound;
                }

                IdentityRows.UpsertInline(session, policy);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<InlinePolicy?> GetInlinePolicyAsync(PrincipalKind kind, string principalName, string policyName, CancellationToken cancellationToken) =>
        ReadAsync(session => IdentityRows.FindInline(session, kind, principalName, policyName), cancellationToken);

    public Task<IReadOnlyList<string>> ListInlinePolicyNamesAsync(PrincipalKind kind, string principalName, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(session => IdentityRows.InlineNames(session, kind, principalName), cancellationToken);

    public Task<IdentityStatus> DeleteInlinePolicyAsync(PrincipalKind kind, string principalName, string policyName, CancellationToken cancellationToken) =>
        ChangeAsync(session => Found(IdentityRows.DeleteInline(session, kind, principalName, policyName)), cancellationToken);

    public Task<IdentityStatus> CreateManagedPolicyAsync(ManagedPolicy policy, CancellationToken cancellationToken) =>
        ChangeAsync(
            session =>
            {
                if (IdentityRows.ManagedExists(session, policy.Arn, policy.Name))
                {
                    return IdentityStatus.AlreadyExists;
                }

                IdentityRows.InsertManaged(session, policy);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<ManagedPolicy?> GetManagedPolicyAsync(string arn, CancellationToken cancellationToken) =>
        ReadAsync(session => IdentityRows.FindManaged(session, arn), cancellationToken);

    public Task<IReadOnlyList<ManagedPolicy>> ListManagedPoliciesAsync(string pathPrefix, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ManagedPolicy>>(session => IdentityRows.ListManaged(session, pathPrefix), cancellationToken);

    public Task<IdentityStatus> DeleteManagedPolicyAsync(string arn, CancellationToken cancellationToken) =>
        ChangeAsync(
            session =>
            {
                if (IdentityRows.FindManaged(session, arn) is null)
                {
                    return IdentityStatus.NotFound;
                }

                if (IdentityRows.IsAttachedAnywhere(session, arn))
                {
                    return IdentityStatus.Conflict;
                }

                IdentityRows.DeleteManaged(session, arn);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<IdentityStatus> AttachPolicyAsync(PrincipalKind kind, string principalName, string policyArn, CancellationToken cancellationToken) =>
        ChangeAsync(
            session =>
            {
                if (IdentityRows.FindPrincipal(session, kind, principalName) is null || IdentityRows.FindManaged(session, policyArn) is null)
                {
                    return IdentityStatus.NotFound;
                }

                IdentityRows.Attach(session, kind, principalName, policyArn);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<IdentityStatus> DetachPolicyAsync(PrincipalKind kind, string principalName, string policyArn, CancellationToken cancellationToken) =>
        ChangeAsync(session => Found(IdentityRows.Detach(session, kind, principalName, policyArn)), cancellationToken);

    public Task<IReadOnlyList<ManagedPolicy>> ListAttachedPoliciesAsync(PrincipalKind kind, string principalName, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ManagedPolicy>>(session => IdentityRows.AttachedTo(session, kind, principalName), cancellationToken);

    public Task<IdentityStatus> AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken) =>
        ChangeAsync(
            session =>
            {
                if (IdentityRows.FindPrincipal(session, PrincipalKind.Group, groupName) is null
                    || IdentityRows.FindPrincipal(session, PrincipalKind.User, userName) is null)
                {
                    return IdentityStatus.NotFound;
                }

                IdentityRows.AddMember(session, groupName, userName);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<IdentityStatus> RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken cancellationToken) =>
        ChangeAsync(session => Found(IdentityRows.RemoveMember(session, groupName, userName)), cancellationToken);

    public Task<IReadOnlyList<IamPrincipal>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<IamPrincipal>>(session => IdentityRows.GroupsOf(session, userName), cancellationToken);

    public Task<IReadOnlyList<IamPrincipal>> ListGroupMembersAsync(string groupName, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<IamPrincipal>>(session => IdentityRows.MembersOf(session, groupName), cancellationToken);

    public Task<IReadOnlyList<string>> PolicyDocumentsForUserAsync(string userName, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(
            session =>
            {
                var documents = IdentityRows.DocumentsOf(session, PrincipalKind.User, userName).ToList();
                foreach (var group in IdentityRows.GroupsOf(session, userName))
                {
                    documents.AddRange(IdentityRows.DocumentsOf(session, PrincipalKind.Group, group.Name));
                }

                return documents;
            },
            cancellationToken);

    public Task<IReadOnlyList<string>> PolicyDocumentsForRoleAsync(string roleName, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(session => IdentityRows.DocumentsOf(session, PrincipalKind.Role, roleName).ToList(), cancellationToken);

    private static IdentityStatus Found(bool changed) => changed ? IdentityStatus.Done : IdentityStatus.NotFound;

    /// <summary>One write transaction, committed only when the change was made.</summary>
    private Task<IdentityStatus> ChangeAsync(Func<SqliteSession, IdentityStatus> change, CancellationToken cancellationToken) =>
        WriteAsync(change, static status => status == IdentityStatus.Done, cancellationToken);
}
