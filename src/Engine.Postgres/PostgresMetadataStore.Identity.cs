using Coffer.Engine.Identity;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Postgres;

/// <summary>
/// <see cref="IIdentityStore"/> in the shared database, so that every node sees an IAM change as soon as it commits.
/// Every change checks first and changes only when its checks pass, all in one SERIALIZABLE transaction: two nodes'
/// changes that would each have passed their checks alone cannot both commit.
/// </summary>
public sealed partial class PostgresMetadataStore : IIdentityStore
{
    public Task<IdentityStatus> CreatePrincipalAsync(IamPrincipal principal, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session => await IdentityRows.InsertPrincipalAsync(session, principal, cancellationToken) ? IdentityStatus.Done : IdentityStatus.AlreadyExists,
            cancellationToken);

    public Task<IamPrincipal?> GetPrincipalAsync(PrincipalKind kind, string name, CancellationToken cancellationToken) =>
        IdentityRows.FindPrincipalAsync(Pooled, kind, name, cancellationToken);

    public async Task<IReadOnlyList<IamPrincipal>> ListPrincipalsAsync(PrincipalKind kind, string pathPrefix, CancellationToken cancellationToken) =>
        await IdentityRows.ListPrincipalsAsync(Pooled, kind, pathPrefix, cancellationToken);

    public Task<IdentityStatus> DeletePrincipalAsync(PrincipalKind kind, string name, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session =>
            {
                if (await IdentityRows.FindPrincipalAsync(session, kind, name, cancellationToken) is null)
                {
                    return IdentityStatus.NotFound;
                }

                if (await IdentityRows.HasDependentsAsync(session, kind, name, cancellationToken))
                {
                    return IdentityStatus.Conflict;
                }

                await IdentityRows.DeletePrincipalAsync(session, kind, name, cancellationToken);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<IdentityStatus> CreateAccessKeyAsync(StoredAccessKey key, int maxKeysPerUser, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session =>
            {
                if (await IdentityRows.FindPrincipalAsync(session, PrincipalKind.User, key.UserName, cancellationToken) is null)
                {
                    return IdentityStatus.NotFound;
                }

                if (await IdentityRows.FindKeyAsync(session, key.AccessKeyId, cancellationToken) is not null)
                {
                    return IdentityStatus.AlreadyExists;
                }

                if ((await IdentityRows.KeysOfAsync(session, key.UserName, cancellationToken)).Count >= maxKeysPerUser)
                {
                    return IdentityStatus.LimitExceeded;
                }

                await IdentityRows.InsertKeyAsync(session, key, cancellationToken);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<StoredAccessKey?> GetAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        IdentityRows.FindKeyAsync(Pooled, accessKeyId, cancellationToken);

    public async Task<IReadOnlyList<StoredAccessKey>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken) =>
        await IdentityRows.KeysOfAsync(Pooled, userName, cancellationToken);

    public Task<IdentityStatus> SetAccessKeyActiveAsync(string userName, string accessKeyId, bool active, CancellationToken cancellationToken) =>
        ChangeAsync(async session => Found(await IdentityRows.SetKeyActiveAsync(session, userName, accessKeyId, active, cancellationToken)), cancellationToken);

    public Task<IdentityStatus> DeleteAccessKeyAsync(string userName, string accessKeyId, CancellationToken cancellationToken) =>
        ChangeAsync(async session => Found(await IdentityRows.DeleteKeyAsync(session, userName, accessKeyId, cancellationToken)), cancellationToken);

    public Task<IdentityStatus> PutInlinePolicyAsync(InlinePolicy policy, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session =>
            {
                if (await IdentityRows.FindPrincipalAsync(session, policy.Kind, policy.PrincipalName, cancellationToken) is null)
                {
                    return IdentityStatus.NotFound;
                }

                await IdentityRows.UpsertInlineAsync(session, policy, cancellationToken);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<InlinePolicy?> GetInlinePolicyAsync(PrincipalKind kind, string principalName, string policyName, CancellationToken cancellationToken) =>
        IdentityRows.FindInlineAsync(Pooled, kind, principalName, policyName, cancellationToken);

    public async Task<IReadOnlyList<string>> ListInlinePolicyNamesAsync(PrincipalKind kind, string principalName, CancellationToken cancellationToken) =>
        await IdentityRows.InlineNamesAsync(Pooled, kind, principalName, cancellationToken);

    public Task<IdentityStatus> DeleteInlinePolicyAsync(PrincipalKind kind, string principalName, string policyName, CancellationToken cancellationToken) =>
        ChangeAsync(async session => Found(await IdentityRows.DeleteInlineAsync(session, kind, principalName, policyName, cancellationToken)), cancellationToken);

    public Task<IdentityStatus> CreateManagedPolicyAsync(ManagedPolicy policy, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session => await IdentityRows.InsertManagedAsync(session, policy, cancellationToken) ? IdentityStatus.Done : IdentityStatus.AlreadyExists,
            cancellationToken);

    public Task<ManagedPolicy?> GetManagedPolicyAsync(string arn, CancellationToken cancellationToken) =>
        IdentityRows.FindManagedAsync(Pooled, arn, cancellationToken);

    public async Task<IReadOnlyList<ManagedPolicy>> ListManagedPoliciesAsync(string pathPrefix, CancellationToken cancellationToken) =>
        await IdentityRows.ListManagedAsync(Pooled, pathPrefix, cancellationToken);

    public Task<IdentityStatus> DeleteManagedPolicyAsync(string arn, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session =>
            {
                if (await IdentityRows.FindManagedAsync(session, arn, cancellationToken) is null)
                {
                    return IdentityStatus.NotFound;
                }

                if (await IdentityRows.IsAttachedAnywhereAsync(session, arn, cancellationToken))
                {
                    return IdentityStatus.Conflict;
                }

                await IdentityRows.DeleteManagedAsync(session, arn, cancellationToken);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<IdentityStatus> AttachPolicyAsync(PrincipalKind kind, string principalName, string policyArn, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session =>
            {
                if (await IdentityRows.FindPrincipalAsync(session, kind, principalName, cancellationToken) is null
                    || await IdentityRows.FindManagedAsync(session, policyArn, cancellationToken) is null)
                {
                    return IdentityStatus.NotFound;
                }

                await IdentityRows.AttachAsync(session, kind, principalName, policyArn, cancellationToken);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<IdentityStatus> DetachPolicyAsync(PrincipalKind kind, string principalName, string policyArn, CancellationToken cancellationToken) =>
        ChangeAsync(async session => Found(await IdentityRows.DetachAsync(session, kind, principalName, policyArn, cancellationToken)), cancellationToken);

    public async Task<IReadOnlyList<ManagedPolicy>> ListAttachedPoliciesAsync(PrincipalKind kind, string principalName, CancellationToken cancellationToken) =>
        await IdentityRows.AttachedToAsync(Pooled, kind, principalName, cancellationToken);

    public Task<IdentityStatus> AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken) =>
        ChangeAsync(
            async session =>
            {
                if (await IdentityRows.FindPrincipalAsync(session, PrincipalKind.Group, groupName, cancellationToken) is null
                    || await IdentityRows.FindPrincipalAsync(session, PrincipalKind.User, userName, cancellationToken) is null)
                {
                    return IdentityStatus.NotFound;
                }

                await IdentityRows.AddMemberAsync(session, groupName, userName, cancellationToken);
                return IdentityStatus.Done;
            },
            cancellationToken);

    public Task<IdentityStatus> RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken cancellationToken) =>
        ChangeAsync(async session => Found(await IdentityRows.RemoveMemberAsync(session, groupName, userName, cancellationToken)), cancellationToken);

    public async Task<IReadOnlyList<IamPrincipal>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken) =>
        await IdentityRows.GroupsOfAsync(Pooled, userName, cancellationToken);

    public async Task<IReadOnlyList<IamPrincipal>> ListGroupMembersAsync(string groupName, CancellationToken cancellationToken) =>
        await IdentityRows.MembersOfAsync(Pooled, groupName, cancellationToken);

    public async Task<IReadOnlyList<string>> PolicyDocumentsForUserAsync(string userName, CancellationToken cancellationToken) =>
        await IdentityRows.DocumentsForAsync(Pooled, PrincipalKind.User, userName, cancellationToken);

    public async Task<IReadOnlyList<string>> PolicyDocumentsForRoleAsync(string roleName, CancellationToken cancellationToken) =>
        await IdentityRows.DocumentsForAsync(Pooled, PrincipalKind.Role, roleName, cancellationToken);

    private static IdentityStatus Found(bool changed) => changed ? IdentityStatus.Done : IdentityStatus.NotFound;
}
