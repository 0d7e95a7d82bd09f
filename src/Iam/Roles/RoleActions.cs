using Coffer.Engine.Identity;
using Coffer.Iam.Xml;

namespace Coffer.Iam.Roles;

/// <summary>CreateRole, GetRole, ListRoles, DeleteRole.</summary>
internal static class RoleActions
{
    public static IEnumerable<IamAction> All =>
    [
        new("CreateRole", RoleResource, async call =>
        {
            var p = call.Parameters;
            var role = await call.Services.Roles.CreateRoleAsync(
                p.Required("RoleName"), p.Optional("Path"), p.Required("AssumeRolePolicyDocument"), p.OptionalInt("MaxSessionDuration"), call.CancellationToken);
            return xml => IamXml.WritePrincipal(xml, "Role", role, call.Services.Arns);
        }),
        new("GetRole", RoleResource, async call =>
        {
            var role = await call.Services.Roles.GetRoleAsync(call.Parameters.Required("RoleName"), call.CancellationToken);
            return xml => IamXml.WritePrincipal(xml, "Role", role, call.Services.Arns);
        }),
        new("ListRoles", IamAction.AnyResource, async call =>
        {
            var page = await call.Services.Roles.ListRolesAsync(call.Parameters.Optional("PathPrefix"), call.Page(), call.CancellationToken);
            return xml => IamXml.WritePage(xml, "Roles", page, (x, role) => IamXml.WritePrincipal(x, "member", role, call.Services.Arns));
        }),
        new("DeleteRole", RoleResource, async call =>
        {
            await call.Services.Roles.DeleteRoleAsync(call.Parameters.Required("RoleName"), call.CancellationToken);
            return null;
        }),
    ];

    public static Task<string> RoleResource(IamCall call) =>
        call.Services.ArnOfAsync(PrincipalKind.Role, call.Parameters.Optional("RoleName"), call.Parameters.Optional("Path"), call.CancellationToken);
}
