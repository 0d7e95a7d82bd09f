using Coffer.Engine.Identity;
using Coffer.Iam.Users;
using Coffer.Iam.Xml;

namespace Coffer.Iam.Groups;

/// <summary>CreateGroup, GetGroup, ListGroups, DeleteGroup, AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser.</summary>
internal static class GroupActions
{
    public static IEnumerable<IamAction> All =>
    [
        new("CreateGroup", GroupResource, async call =>
        {
            var group = await call.Services.Groups.CreateGroupAsync(call.Parameters.Required("GroupName"), call.Parameters.Optional("Path"), call.CancellationToken);
            return xml => IamXml.WritePrincipal(xml, "Group", group, call.Services.Arns);
        }),
        new("GetGroup", GroupResource, async call =>
        {
            var (group, members) = await call.Services.Groups.GetGroupAsync(call.Parameters.Required("GroupName"), call.Page(), call.CancellationToken);
            return xml =>
            {
                IamXml.WritePrincipal(xml, "Group", group, call.Services.Arns);
                IamXml.WritePage(xml, "Users", members, (x, user) => IamXml.WritePrincipal(x, "member", user, call.Services.Arns));
            };
        }),
        new("ListGroups", IamAction.AnyResource, async call =>
        {
            var page = await call.Services.Groups.ListGroupsAsync(call.Parameters.Optional("PathPrefix"), call.Page(), call.CancellationToken);
            return xml => IamXml.WritePage(xml, "Groups", page, (x, group) => IamXml.WritePrincipal(x, "member", group, call.Services.Arns));
        }),
        new("DeleteGroup", GroupResource, async call =>
        {
            await call.Services.Groups.DeleteGroupAsync(call.Parameters.Required("GroupName"), call.CancellationToken);
            return null;
        }),
        new("AddUserToGroup", GroupResource, async call =>
        {
            await call.Services.Groups.AddUserToGroupAsync(call.Parameters.Required("GroupName"), call.Parameters.Required("UserName"), call.CancellationToken);
            return null;
        }),
        new("RemoveUserFromGroup", GroupResource, async call =>
        {
            await call.Services.Groups.RemoveUserFromGroupAsync(call.Parameters.Required("GroupName"), call.Parameters.Required("UserName"), call.CancellationToken);
            return null;
        }),
        new("ListGroupsForUser", UserActions.UserResource, async call =>
        {
            var page = await call.Services.Groups.ListGroupsForUserAsync(call.Parameters.Required("UserName"), call.Page(), call.CancellationToken);
            return xml => IamXml.WritePage(xml, "Groups", page, (x, group) => IamXml.WritePrincipal(x, "member", group, call.Services.Arns));
        }),
    ];

    public static Task<string> GroupResource(IamCall call) =>
        call.Services.ArnOfAsync(PrincipalKind.Group, call.Parameters.Optional("GroupName"), call.Parameters.Optional("Path"), call.CancellationToken);
}
