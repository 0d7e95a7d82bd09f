using System.Text.Json;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The IAM API on the server's endpoint, driven as users drive it: the aws CLI (`aws iam …`) and
/// @aws-sdk/client-iam. A user made here signs S3 requests with its new key, allowed by the policy
/// given to it here.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class IamTests(CofferServer server) : IClassFixture<CofferServer>, IAsyncLifetime
{
    private const string S3Everything = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""";

    private readonly AwsCli _aws = new(server);

    public Task InitializeAsync() => NodeProject.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AwsCli_UserKeyAndPolicy_LetTheUserUseS3()
    {
        var name = "cli-" + Guid.NewGuid().ToString("N")[..8];

        var user = await JsonAsync("iam", "create-user", "--user-name", name, "--path", "/e2e/");
        var key = await JsonAsync("iam", "create-access-key", "--user-name", name);
        var accessKeyId = key.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString()!;
        var secret = key.GetProperty("AccessKey").GetProperty("SecretAccessKey").GetString()!;
        var asUser = new AwsCli(server, accessKeyId, secret);
        var bucket = CofferServer.UniqueBucket("iam-cli");

        // 1. Without a policy the new user may do nothing.
        var refused = await asUser.RunAsync("s3", "mb", $"s3://{bucket}");

        // 2. With one, S3 is open to it.
        await _aws.RunCheckedAsync("iam", "put-user-policy", "--user-name", name, "--policy-name", "s3", "--policy-document", S3Everything);
        var policy = await JsonAsync("iam", "get-user-policy", "--user-name", name, "--policy-name", "s3");
        await asUser.RunCheckedAsync("s3", "mb", $"s3://{bucket}");
        var users = await JsonAsync("iam", "list-users", "--path-prefix", "/e2e/");
        var keys = await JsonAsync("iam", "list-access-keys", "--user-name", name);

        Assert.Equal(name, user.GetProperty("User").GetProperty("UserName").GetString());
        Assert.EndsWith($":user/e2e/{name}", user.GetProperty("User").GetProperty("Arn").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("AccessDenied", refused.Error, StringComparison.Ordinal);
        Assert.Equal("s3:*", policy.GetProperty("PolicyDocument").GetProperty("Statement")[0].GetProperty("Action").GetString());
        Assert.Contains(users.GetProperty("Users").EnumerateArray(), u => u.GetProperty("UserName").GetString() == name);
        Assert.Equal(accessKeyId, keys.GetProperty("AccessKeyMetadata")[0].GetProperty("AccessKeyId").GetString());

        // 3. An inactive key signs nothing; the user goes once its key and policy are gone.
        await _aws.RunCheckedAsync("iam", "update-access-key", "--user-name", name, "--access-key-id", accessKeyId, "--status", "Inactive");
        Assert.NotEqual(0, (await asUser.RunAsync("s3", "ls")).ExitCode);
        Assert.Contains("DeleteConflict", (await _aws.RunAsync("iam", "delete-user", "--user-name", name)).Error, StringComparison.Ordinal);
        await _aws.RunCheckedAsync("iam", "delete-access-key", "--user-name", name, "--access-key-id", accessKeyId);
        await _aws.RunCheckedAsync("iam", "delete-user-policy", "--user-name", name, "--policy-name", "s3");
        await _aws.RunCheckedAsync("iam", "delete-user", "--user-name", name);
        Assert.Contains("NoSuchEntity", (await _aws.RunAsync("iam", "get-user", "--user-name", name)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_GroupsRolesAndManagedPolicies_RoundTrip()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (user, group, role, policyName) = ($"u-{suffix}", $"g-{suffix}", $"r-{suffix}", $"p-{suffix}");
        const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""";

        await _aws.RunCheckedAsync("iam", "create-user", "--user-name", user);
        await _aws.RunCheckedAsync("iam", "create-group", "--group-name", group);
        await _aws.RunCheckedAsync("iam", "add-user-to-group", "--group-name", group, "--user-name", user);
        var policy = await JsonAsync("iam", "create-policy", "--policy-name", policyName, "--policy-document", S3Everything);
        var arn = policy.GetProperty("Policy").GetProperty("Arn").GetString()!;
        await _aws.RunCheckedAsync("iam", "attach-group-policy", "--group-name", group, "--policy-arn", arn);
        var created = await JsonAsync("iam", "create-role", "--role-name", role, "--assume-role-policy-document", Trust, "--max-session-duration", "7200");
        await _aws.RunCheckedAsync("iam", "attach-role-policy", "--role-name", role, "--policy-arn", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");

        var members = await JsonAsync("iam", "get-group", "--group-name", group);
        var groupsOfUser = await JsonAsync("iam", "list-groups-for-user", "--user-name", user);
        var attached = await JsonAsync("iam", "list-attached-group-policies", "--group-name", group);
        var gotRole = await JsonAsync("iam", "get-role", "--role-name", role);
        var version = await JsonAsync("iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1");
        var conflict = await _aws.RunAsync("iam", "delete-policy", "--policy-arn", arn);

        Assert.Equal(user, members.GetProperty("Users")[0].GetProperty("UserName").GetString());
        Assert.Equal(group, groupsOfUser.GetProperty("Groups")[0].GetProperty("GroupName").GetString());
        Assert.Equal(arn, attached.GetProperty("AttachedPolicies")[0].GetProperty("PolicyArn").GetString());
        Assert.Equal(7200, created.GetProperty("Role").GetProperty("MaxSessionDuration").GetInt32());
        Assert.Equal("sts:AssumeRole", gotRole.GetProperty("Role").GetProperty("AssumeRolePolicyDocument").GetProperty("Statement")[0].GetProperty("Action").GetString());
        Assert.Equal("s3:*", version.GetProperty("PolicyVersion").GetProperty("Document").GetProperty("Statement")[0].GetProperty("Action").GetString());
        Assert.Contains("DeleteConflict", conflict.Error, StringComparison.Ordinal);

        await _aws.RunCheckedAsync("iam", "detach-role-policy", "--role-name", role, "--policy-arn", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
        await _aws.RunCheckedAsync("iam", "delete-role", "--role-name", role);
        await _aws.RunCheckedAsync("iam", "detach-group-policy", "--group-name", group, "--policy-arn", arn);
        await _aws.RunCheckedAsync("iam", "delete-policy", "--policy-arn", arn);
        await _aws.RunCheckedAsync("iam", "remove-user-from-group", "--group-name", group, "--user-name", user);
        await _aws.RunCheckedAsync("iam", "delete-group", "--group-name", group);
        await _aws.RunCheckedAsync("iam", "delete-user", "--user-name", user);
    }

    [Fact]
    public async Task ClientIam_EveryFamilyOfActions_AsTheSdkSeesThem()
    {
        var run = await NodeScenario.RunAsync(server, "iam-users-groups-roles", Guid.NewGuid().ToString("N")[..8]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var report = run.Report;

        Assert.Equal(["a", "B", "c"], report.GetProperty("pagedUsers").EnumerateArray().Select(e => e.GetString()!.Split('-')[0]));
        Assert.Equal("NoSuchEntityException", report.GetProperty("missingUserError").GetString());
        Assert.Equal(404, report.GetProperty("missingUserStatus").GetInt32());
        Assert.Equal("EntityAlreadyExistsException", report.GetProperty("duplicateError").GetString());
        Assert.Equal("MalformedPolicyDocumentException", report.GetProperty("malformedError").GetString());
    }

    private async Task<JsonElement> JsonAsync(params string[] arguments)
    {
        var output = await _aws.RunCheckedAsync([.. arguments, "--output", "json"]);
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }
}
