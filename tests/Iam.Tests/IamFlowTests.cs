using System.Security.Cryptography;

using Coffer.Engine.Identity;
using Coffer.Iam.Tests.Support;

namespace Coffer.Iam.Tests;

/// <summary>Sequences of calls: what one call changes, the next one sees; what one refuses, none sees.</summary>
public sealed class IamFlowTests : IAsyncLifetime
{
    private const string Read = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

    private IamHarness? _iam;

    private IamHarness Iam => _iam ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _iam = await IamHarness.OpenAsync();

    public async Task DisposeAsync()
    {
        if (_iam is not null)
        {
            await _iam.DisposeAsync();
        }
    }

    [Fact]
    public async Task ListUsers_PageByPage_IsInNameOrderWhateverTheCase()
    {
        foreach (var (name, path) in new[] { ("Ad", "/p/w/"), ("ac", "/p/x/"), ("Ab", "/p/y/"), ("aa", "/p/z/"), ("a_", "/q/") })
        {
            await Iam.MustAsync($"Action=CreateUser&UserName={name}&Path={path}");
        }

        var names = new List<string>();
        var query = "Action=ListUsers&PathPrefix=/p/&MaxItems=1";
        while (true)
        {
            var page = await Iam.MustAsync(query);
            names.AddRange(page.Values("UserName"));
            if (page.Value("IsTruncated") != "true")
            {
                break;
            }

            query = $"Action=ListUsers&PathPrefix=/p/&MaxItems=1&Marker={IamHarness.Encode(page.Value("Marker")!)}";
        }

        Assert.Equal(["aa", "Ab", "ac", "Ad"], names);
    }

    [Fact]
    public async Task UpdateAccessKey_Inactive_IsListedInactiveAndSignsNothing()
    {
        await Iam.MustAsync("Action=CreateUser&UserName=bob");
        var created = await Iam.MustAsync("Action=CreateAccessKey&UserName=bob");
        var keyId = created.Value("AccessKeyId")!;

        await Iam.MustAsync($"Action=UpdateAccessKey&UserName=bob&AccessKeyId={keyId}&Status=Inactive");

        var listed = await Iam.MustAsync("Action=ListAccessKeys&UserName=bob");
        Assert.Equal("Inactive", listed.Value("Status"));
        Assert.Equal(created.Value("CreateDate"), listed.Value("CreateDate"));
        using var secrets = new SecretBox(RandomNumberGenerator.GetBytes(SecretBox.KeySize));
        Assert.Null(await new IdentityEngine(Iam.Store, secrets, TimeProvider.System, IamHarness.AccountId).FindActiveKeyAsync(keyId, CancellationToken.None));
    }

    [Fact]
    public async Task CreateAccessKey_Secret_IsShownOnceAndStoredSealed()
    {
        await Iam.MustAsync("Action=CreateUser&UserName=bob");
        var created = await Iam.MustAsync("Action=CreateAccessKey&UserName=bob");
        var secret = created.Value("SecretAccessKey")!;

        var stored = await Iam.Store.GetAccessKeyAsync(created.Value("AccessKeyId")!, CancellationToken.None);

        Assert.Equal(40, secret.Length);
        Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(stored!.SealedSecret), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, (await Iam.MustAsync("Action=ListAccessKeys&UserName=bob")).Document.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteUser_AfterItsKeysPoliciesAndGroupsAreGone_Succeeds()
    {
        await Iam.MustAsync("Action=CreateUser&UserName=bob");
        await Iam.MustAsync("Action=CreateGroup&GroupName=devs");
        await Iam.MustAsync("Action=AddUserToGroup&GroupName=devs&UserName=bob");
        await Iam.MustAsync($"Action=PutUserPolicy&UserName=bob&PolicyName=P&PolicyDocument={IamHarness.Encode(Read)}");
        var key = (await Iam.MustAsync("Action=CreateAccessKey&UserName=bob")).Value("AccessKeyId");

        foreach (var blocker in new[]
        {
            $"Action=DeleteAccessKey&UserName=bob&AccessKeyId={key}",
            "Action=DeleteUserPolicy&UserName=bob&PolicyName=P",
            "Action=RemoveUserFromGroup&GroupName=devs&UserName=bob",
        })
        {
            Assert.Equal("DeleteConflict", (await Iam.CallAsync("Action=DeleteUser&UserName=bob")).ErrorCode);
            await Iam.MustAsync(blocker);
        }

        await Iam.MustAsync("Action=DeleteUser&UserName=BOB");
        Assert.Equal("NoSuchEntity", (await Iam.CallAsync("Action=GetUser&UserName=bob")).ErrorCode);
    }

    [Fact]
    public async Task PutUserPolicy_Refused_LeavesThePreviousDocument()
    {
        await Iam.MustAsync("Action=CreateUser&UserName=bob");
        await Iam.MustAsync($"Action=PutUserPolicy&UserName=bob&PolicyName=P&PolicyDocument={IamHarness.Encode(Read)}");

        var refused = await Iam.CallAsync("Action=PutUserPolicy&UserName=bob&PolicyName=P&PolicyDocument=%7B%7D");

        Assert.Equal("MalformedPolicyDocument", refused.ErrorCode);
        Assert.Equal(IamHarness.Encode(Read), (await Iam.MustAsync("Action=GetUserPolicy&UserName=bob&PolicyName=P")).Value("PolicyDocument"));
    }

    [Fact]
    public async Task CreateRole_RefusedTrustPolicy_CreatesNothing()
    {
        var refused = await Iam.CallAsync("Action=CreateRole&RoleName=r&AssumeRolePolicyDocument=" + IamHarness.Encode(Read));

        Assert.Equal(("MalformedPolicyDocument", 400), (refused.ErrorCode, refused.Status));
        Assert.StartsWith("Statement 1: Missing required field Principal", refused.Value("Message"), StringComparison.Ordinal);
        Assert.Equal("NoSuchEntity", (await Iam.CallAsync("Action=GetRole&RoleName=r")).ErrorCode);
    }

    [Fact]
    public async Task PutUserPolicy_SameNameAgain_Replaces()
    {
        const string Other = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}""";
        await Iam.MustAsync("Action=CreateUser&UserName=bob");
        await Iam.MustAsync($"Action=PutUserPolicy&UserName=bob&PolicyName=P&PolicyDocument={IamHarness.Encode(Read)}");
        await Iam.MustAsync($"Action=PutUserPolicy&UserName=bob&PolicyName=p&PolicyDocument={IamHarness.Encode(Other)}");

        Assert.Single((await Iam.MustAsync("Action=ListUserPolicies&UserName=bob")).Values("member"));
        Assert.Equal(IamHarness.Encode(Other), (await Iam.MustAsync("Action=GetUserPolicy&UserName=bob&PolicyName=P")).Value("PolicyDocument"));
    }
}
