using Coffer.Access.Principals;
using Coffer.Iam.Tests.Support;

namespace Coffer.Iam.Tests;

/// <summary>Who may call what: root anything; users and assumed roles by their policies; anonymous nothing.</summary>
public sealed class IamAuthorizationTests : IAsyncLifetime
{
    private const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}""";
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}""";

    private IamHarness? _iam;

    private IamHarness Iam => _iam ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        _iam = await IamHarness.OpenAsync();
        await Iam.MustAsync("Action=CreateUser&UserName=admin");
        await Iam.MustAsync("Action=CreateUser&UserName=nobody-special");
        await Iam.MustAsync("Action=CreateUser&UserName=alice&Path=/staff/");
        await Iam.MustAsync("Action=CreateUser&UserName=bob");
        await Iam.MustAsync($"Action=PutUserPolicy&UserName=admin&PolicyName=All&PolicyDocument={IamHarness.Encode(AllowAll)}");
    }

    public async Task DisposeAsync()
    {
        if (_iam is not null)
        {
            await _iam.DisposeAsync();
        }
    }

    [Fact]
    public async Task HandleAsync_Root_MayDoAnything() =>
        Assert.Equal(200, (await Iam.CallAsync(IamHarness.Root, "Action=CreateUser&UserName=carol")).Status);

    [Fact]
    public async Task HandleAsync_UserAllowedIamStar_MayCreateUsers()
    {
        var answer = await Iam.CallAsync(IamHarness.User("admin"), "Action=CreateUser&UserName=carol");

        Assert.Equal(200, answer.Status);
        Assert.Equal(200, (await Iam.CallAsync("Action=GetUser&UserName=carol")).Status);
    }

    [Fact]
    public async Task HandleAsync_UserWithoutPolicies_IsAccessDeniedAndNothingChanges()
    {
        var answer = await Iam.CallAsync(IamHarness.User("nobody-special"), "Action=CreateUser&UserName=carol");

        Assert.Equal((403, "AccessDenied"), (answer.Status, answer.ErrorCode));
        Assert.Equal(
            "User: arn:aws:iam::123456789012:user/nobody-special is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/carol",
            answer.Value("Message"));
        Assert.Equal(404, (await Iam.CallAsync("Action=GetUser&UserName=carol")).Status);
    }

    [Fact]
    public async Task HandleAsync_ExplicitDeny_WinsOverAllow()
    {
        const string DenyDelete = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}""";
        await Iam.MustAsync($"Action=PutUserPolicy&UserName=admin&PolicyName=NoDelete&PolicyDocument={IamHarness.Encode(DenyDelete)}");

        Assert.Equal(403, (await Iam.CallAsync(IamHarness.User("admin"), "Action=DeleteUser&UserName=bob")).Status);
        Assert.Equal(200, (await Iam.CallAsync(IamHarness.User("admin"), "Action=CreateUser&UserName=carol")).Status);
        Assert.Equal(200, (await Iam.CallAsync("Action=GetUser&UserName=bob")).Status);
    }

    [Fact]
    public async Task HandleAsync_PolicyRemovedAfterUse_RefusesTheNextCallAtOnce()
    {
        // The first call caches bob's policies; removing them must not leave the Allow in memory.
        await Iam.MustAsync($"Action=PutUserPolicy&UserName=bob&PolicyName=All&PolicyDocument={IamHarness.Encode(AllowAll)}");
        Assert.Equal(200, (await Iam.CallAsync(IamHarness.User("bob"), "Action=ListUsers")).Status);

        await Iam.MustAsync("Action=DeleteUserPolicy&UserName=bob&PolicyName=All");

        Assert.Equal(403, (await Iam.CallAsync(IamHarness.User("bob"), "Action=ListUsers")).Status);
    }

    [Fact]
    public async Task HandleAsync_DenyAddedAfterUse_RefusesTheNextCallAtOnce()
    {
        const string DenyGetUser = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:GetUser","Resource":"*"}]}""";
        Assert.Equal(200, (await Iam.CallAsync(IamHarness.User("admin"), "Action=GetUser&UserName=bob")).Status);

        await Iam.MustAsync($"Action=PutUserPolicy&UserName=admin&PolicyName=NoGet&PolicyDocument={IamHarness.Encode(DenyGetUser)}");

        Assert.Equal(403, (await Iam.CallAsync(IamHarness.User("admin"), "Action=GetUser&UserName=bob")).Status);
    }

    [Fact]
    public async Task HandleAsync_PolicyOnAPath_CoversOnlyUsersUnderIt()
    {
        const string StaffOnly = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::123456789012:user/staff/*"}]}""";
        await Iam.MustAsync($"Action=PutUserPolicy&UserName=bob&PolicyName=Staff&PolicyDocument={IamHarness.Encode(StaffOnly)}");

        Assert.Equal(200, (await Iam.CallAsync(IamHarness.User("bob"), "Action=GetUser&UserName=alice")).Status);
        Assert.Equal(403, (await Iam.CallAsync(IamHarness.User("bob"), "Action=GetUser&UserName=admin")).Status);
        Assert.Equal(403, (await Iam.CallAsync(IamHarness.User("bob"), "Action=ListUsers")).Status);
    }

    [Fact]
    public async Task HandleAsync_PolicyOfTheUsersGroup_Applies()
    {
        const string Lists = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:List*","Resource":"*"}]}""";
        await Iam.MustAsync("Action=CreateGroup&GroupName=auditors");
        await Iam.MustAsync($"Action=PutGroupPolicy&GroupName=auditors&PolicyName=Lists&PolicyDocument={IamHarness.Encode(Lists)}");
        await Iam.MustAsync("Action=AddUserToGroup&GroupName=auditors&UserName=bob");

        Assert.Equal(200, (await Iam.CallAsync(IamHarness.User("bob"), "Action=ListUsers")).Status);
        Assert.Equal(403, (await Iam.CallAsync(IamHarness.User("bob"), "Action=CreateUser&UserName=x")).Status);
    }

    [Fact]
    public async Task HandleAsync_AwsManagedPolicyAttached_AppliesAndIsStoredOnce()
    {
        await Iam.MustAsync("Action=AttachUserPolicy&UserName=bob&PolicyArn=arn:aws:iam::aws:policy/IAMReadOnlyAccess");
        await Iam.MustAsync("Action=AttachUserPolicy&UserName=alice&PolicyArn=arn:aws:iam::aws:policy/IAMReadOnlyAccess");

        Assert.Equal(200, (await Iam.CallAsync(IamHarness.User("bob"), "Action=ListUsers")).Status);
        Assert.Equal(403, (await Iam.CallAsync(IamHarness.User("bob"), "Action=CreateUser&UserName=x")).Status);
        var all = await Iam.CallAsync("Action=ListPolicies");
        Assert.Single(all.Values("PolicyName"), "IAMReadOnlyAccess");
        Assert.DoesNotContain("IAMReadOnlyAccess", (await Iam.CallAsync("Action=ListPolicies&Scope=Local")).Values("PolicyName"));
    }

    [Fact]
    public async Task HandleAsync_UserWithoutUserName_ActsOnItsOwnKeys()
    {
        const string OwnKeys = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateAccessKey","iam:ListAccessKeys"],"Resource":"arn:aws:iam::123456789012:user/${aws:username}"}]}""";
        await Iam.MustAsync($"Action=PutUserPolicy&UserName=bob&PolicyName=OwnKeys&PolicyDocument={IamHarness.Encode(OwnKeys)}");

        var created = await Iam.CallAsync(IamHarness.User("bob"), "Action=CreateAccessKey");
        var listed = await Iam.CallAsync(IamHarness.User("bob"), "Action=ListAccessKeys");

        Assert.Equal((200, "bob"), (created.Status, created.Value("UserName")));
        Assert.Equal(created.Value("AccessKeyId"), listed.Value("AccessKeyId"));
        Assert.Equal(403, (await Iam.CallAsync(IamHarness.User("bob"), "Action=ListAccessKeys&UserName=admin")).Status);
    }

    [Fact]
    public async Task HandleAsync_Anonymous_IsAccessDenied()
    {
        var answer = await Iam.CallAsync(RequestPrincipal.Anonymous, "Action=ListUsers");

        Assert.Equal((403, "AccessDenied"), (answer.Status, answer.ErrorCode));
    }

    [Fact]
    public async Task HandleAsync_AssumedRole_UsesTheRolesPoliciesNarrowedByTheSessionPolicy()
    {
        const string Gets = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUser","iam:ListUsers"],"Resource":"*"}]}""";
        const string OnlyList = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}""";
        await Iam.MustAsync($"Action=CreateRole&RoleName=viewer&AssumeRolePolicyDocument={IamHarness.Encode(Trust)}");
        await Iam.MustAsync($"Action=PutRolePolicy&RoleName=viewer&PolicyName=Gets&PolicyDocument={IamHarness.Encode(Gets)}");
        var role = await Iam.CallAsync("Action=GetRole&RoleName=viewer");
        var session = RequestPrincipal.AssumedRole(IamHarness.AccountId, "viewer", role.Value("RoleId")!, "s1");

        Assert.Equal(200, (await Iam.CallAsync(session, "Action=GetUser&UserName=bob")).Status);
        Assert.Equal(403, (await Iam.CallAsync(session, "Action=CreateUser&UserName=x")).Status);
        Assert.Equal(403, (await Iam.CallAsync(new IamCaller(session, OnlyList), "Action=GetUser&UserName=bob")).Status);
        Assert.Equal(200, (await Iam.CallAsync(new IamCaller(session, OnlyList), "Action=ListUsers")).Status);
    }

    [Fact]
    public async Task HandleAsync_AssumedRoleOfAnUnknownRole_IsAccessDenied()
    {
        var session = RequestPrincipal.AssumedRole(IamHarness.AccountId, "gone", "AROAGONE", "s1");

        Assert.Equal(403, (await Iam.CallAsync(session, "Action=ListUsers")).Status);
    }
}
