namespace Coffer.Iam.Tests;

public class IamActionCatalogTests
{
    private static readonly string[] Families = ["User", "Group", "Role"];

    [Fact]
    public void ActionNames_EveryActionCofferPromises_IsAnswered()
    {
        string[] expected =
        [
            "CreateUser", "GetUser", "ListUsers", "DeleteUser",
            "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey",
            "CreatePolicy", "GetPolicy", "GetPolicyVersion", "ListPolicies", "DeletePolicy",
            "CreateGroup", "GetGroup", "ListGroups", "DeleteGroup", "AddUserToGroup", "RemoveUserFromGroup", "ListGroupsForUser",
            "CreateRole", "GetRole", "ListRoles", "DeleteRole",
            .. Families.SelectMany(kind => new[]
            {
                $"Put{kind}Policy", $"Get{kind}Policy", $"Delete{kind}Policy", $"List{kind}Policies",
                $"Attach{kind}Policy", $"Detach{kind}Policy", $"ListAttached{kind}Policies",
            }),
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), IamEndpoint.ActionNames.Order(StringComparer.Ordinal));
    }
}
