using Coffer.Engine.Ports;

namespace Coffer.Engine.Identity;

/// <summary>A group and (a page of) its members, as GetGroup answers.</summary>
public sealed record GroupWithMembers(IamPrincipal Group, Page<IamPrincipal> Members);

/// <summary>IAM groups and their membership. A group's policies apply to every member.</summary>
public sealed class GroupEngine(IIdentityStore store, TimeProvider clock)
{
    private readonly PrincipalRegistry _groups = new(store, PrincipalKind.Group);

    private readonly PrincipalRegistry _users = new(store, PrincipalKind.User);

    public Task<IamPrincipal> CreateGroupAsync(string? name, string? path, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "groupName");
        return _groups.CreateAsync(
            new IamPrincipal
            {
                Kind = PrincipalKind.Group,
                Name = name!,
                Id = IamNames.NewId("AGPA"),
                Path = IamNames.RequirePath(path),
                Created = clock.StoreNow(),
            },
            cancellationToken);
    }

    public async Task<GroupWithMembers> GetGroupAsync(string? name, PageRequest page, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "groupName");
        var group = await _groups.GetAsync(name!, cancellationToken);
        var members = await store.ListGroupMembersAsync(group.Name, cancellationToken);
        return new GroupWithMembers(group, Paging.Take(members, u => u.Name, page));
    }

    public Task<Page<IamPrincipal>> ListGroupsAsync(string? pathPrefix, PageRequest page, CancellationToken cancellationToken) =>
        _groups.ListAsync(pathPrefix, page, cancellationToken);

    public Task DeleteGroupAsync(string? name, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "groupName");
        return _groups.DeleteAsync(name!, "remove users and policies from group", cancellationToken);
    }

    /// <summary>Adding a member twice is not an error, as in IAM.</summary>
    public async Task AddUserToGroupAsync(string? groupName, string? userName, CancellationToken cancellationToken)
    {
        IamNames.RequireName(groupName, "groupName");
        IamNames.RequireName(userName, "userName");
        if (await store.AddUserToGroupAsync(groupName!, userName!, cancellationToken) != IdentityStatus.Done)
        {
            await _groups.RequireAsync(groupName!, cancellationToken);
            throw _users.NotFound(userName!);
        }
    }

    public async Task RemoveUserFromGroupAsync(string? groupName, string? userName, CancellationToken cancellationToken)
    {
        IamNames.RequireName(groupName, "groupName");
        IamNames.RequireName(userName, "userName");
        if (await store.RemoveUserFromGroupAsync(groupName!, userName!, cancellationToken) != IdentityStatus.Done)
        {
            await _groups.RequireAsync(groupName!, cancellationToken);
            await _users.RequireAsync(userName!, cancellationToken);
            throw new IdentityException(IdentityError.NoSuchEntity, $"User {userName} is not in group {groupName}.");
        }
    }

    public async Task<Page<IamPrincipal>> ListGroupsForUserAsync(string? userName, PageRequest page, CancellationToken cancellationToken)
    {
        IamNames.RequireName(userName, "userName");
        await _users.RequireAsync(userName!, cancellationToken);
        return Paging.Take(await store.ListGroupsForUserAsync(userName!, cancellationToken), g => g.Name, page);
    }
}
