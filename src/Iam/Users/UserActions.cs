using Coffer.Engine.Identity;
using Coffer.Iam.Xml;

namespace Coffer.Iam.Users;

/// <summary>CreateUser, GetUser, ListUsers, DeleteUser.</summary>
internal static class UserActions
{
    public static IEnumerable<IamAction> All =>
    [
        new("CreateUser", UserResource, async call =>
        {
            var user = await call.Services.Users.CreateUserAsync(call.Parameters.Required("UserName"), call.Parameters.Optional("Path"), call.CancellationToken);
            return xml => IamXml.WritePrincipal(xml, "User", user, call.Services.Arns);
        }),
        new("GetUser", call => call.Services.ArnOfAsync(PrincipalKind.User, call.UserNameOrCaller(), null, call.CancellationToken), async call =>
        {
            var user = await call.Services.Users.GetUserAsync(call.UserNameOrCaller(), call.CancellationToken);
            return xml => IamXml.WritePrincipal(xml, "User", user, call.Services.Arns);
        }),
        new("ListUsers", IamAction.AnyResource, async call =>
        {
            var page = await call.Services.Users.ListUsersAsync(call.Parameters.Optional("PathPrefix"), call.Page(), call.CancellationToken);
            return xml => IamXml.WritePage(xml, "Users", page, (x, user) => IamXml.WritePrincipal(x, "member", user, call.Services.Arns));
        }),
        new("DeleteUser", UserResource, async call =>
        {
            await call.Services.Users.DeleteUserAsync(call.Parameters.Required("UserName"), call.CancellationToken);
            return null;
        }),
    ];

    /// <summary>The user named by UserName; for CreateUser, at the path it is to have.</summary>
    public static Task<string> UserResource(IamCall call) =>
        call.Services.ArnOfAsync(PrincipalKind.User, call.Parameters.Optional("UserName"), call.Parameters.Optional("Path"), call.CancellationToken);
}
