using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server.Admin;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>`coffer admin` against the real server: it signs for iam with the root key from the data directory.</summary>
public partial class AdminCliTests(CofferServer server) : IClassFixture<CofferServer>
{
    [Fact]
    public async Task Admin_UserKeyAndPolicyLifecycle_PrintsTables()
    {
        var name = UniqueUser();
        using var folder = new TempDirectory("coffer-admin-");
        var policyFile = await PolicyFileAsync(folder, "read-only");

        var added = await RunAsync("user", "add", name);
        var created = await RunAsync("key", "create", name);
        var keyId = created.Output.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var disabled = await RunAsync("key", "disable", name, keyId);
        var keys = await RunAsync("key", "list", name);
        var attached = await RunAsync("policy", "attach", name, policyFile);
        var policies = await RunAsync("policy", "list", name);
        var users = await RunAsync("user", "list");
        var info = await RunAsync("info");
        var refused = await RunAsync("user", "rm", name);

        Assert.Equal(0, added.ExitCode);
        Assert.Matches($@"^USER\s+PATH\s+ID\s+CREATED\n{name}\s+/\s+AIDA", added.Output);
        Assert.Matches(@"^ACCESS KEY ID\s+SECRET ACCESS KEY\nAKIA[A-Z2-7]{16}\s+\S{40}\n", created.Output);
        Assert.Equal(0, disabled.ExitCode);
        Assert.Matches($@"{keyId}\s+Inactive", keys.Output);
        Assert.Contains("Attached policy read-only", attached.Output, StringComparison.Ordinal);
        Assert.Matches(@"read-only\s+inline", policies.Output);
        Assert.Contains(name, users.Output, StringComparison.Ordinal);
        Assert.Matches(@"account\s+\d{12}", info.Output);
        Assert.Matches(@"users\s+[1-9]", info.Output);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(
            $"coffer admin: user {name} still has 1 access key ({keyId}) and 1 inline policy (read-only); nothing was removed. Pass --force to remove them and then the user.\n",
            refused.Error);

        Assert.Equal(0, (await RunAsync("policy", "detach", name, "read-only")).ExitCode);
        Assert.Equal(0, (await RunAsync("key", "rm", name, keyId)).ExitCode);
        Assert.Equal(0, (await RunAsync("user", "rm", name)).ExitCode);
        Assert.DoesNotContain(name, (await RunAsync("user", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserRm_UserWithKeysPoliciesAndGroups_RefusesWithoutForceAndRemovesAllWithIt()
    {
        var name = UniqueUser();
        var group = name + "-group";
        using var folder = new TempDirectory("coffer-admin-");
        var policyFile = await PolicyFileAsync(folder, "home");
        var aws = new AwsCli(server);
        Assert.Equal(0, (await RunAsync("user", "add", name)).ExitCode);
        var keyId = (await RunAsync("key", "create", name)).Output.Split('\n')[1].Split(' ')[0];
        Assert.Equal(0, (await RunAsync("policy", "attach", name, policyFile)).ExitCode);
        using var created = JsonDocument.Parse(
            await aws.RunCheckedAsync("iam", "create-policy", "--policy-name", name + "-managed", "--policy-document", $"file://{policyFile}"));
        var policyArn = created.RootElement.GetProperty("Policy").GetProperty("Arn").GetString()!;
        await aws.RunCheckedAsync("iam", "attach-user-policy", "--user-name", name, "--policy-arn", policyArn);
        await aws.RunCheckedAsync("iam", "create-group", "--group-name", group);
        await aws.RunCheckedAsync("iam", "add-user-to-group", "--group-name", group, "--user-name", name);

        var refused = await RunAsync("user", "rm", name);
        var keysAfterRefusal = await RunAsync("key", "list", name);
        var removed = await RunAsync("user", "rm", name, "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(
            $"coffer admin: user {name} still has 1 access key ({keyId}), 1 inline policy (home), 1 attached managed policy ({name}-managed) " +
            $"and 1 group membership ({group}); nothing was removed. Pass --force to remove them and then the user.\n",
            refused.Error);
        Assert.Contains(keyId, keysAfterRefusal.Output, StringComparison.Ordinal);
        Assert.True(removed.ExitCode == 0, removed.Error);
        Assert.Equal(
            $"Removed access key {keyId}.\nRemoved inline policy home.\nDetached managed policy {policyArn}.\nRemoved {name} from group {group}.\nRemoved user {name}.\n",
            removed.Output);
        Assert.DoesNotContain(name + " ", (await RunAsync("user", "list")).Output, StringComparison.Ordinal);

        // What may be shared is let go of, not deleted: the group (now empty) and the managed policy remain.
        using var remainingGroup = JsonDocument.Parse(await aws.RunCheckedAsync("iam", "get-group", "--group-name", group));
        Assert.Equal(0, remainingGroup.RootElement.GetProperty("Users").GetArrayLength());
        Assert.Contains(policyArn, await aws.RunCheckedAsync("iam", "get-policy", "--policy-arn", policyArn), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_AfterAnInlinePolicy_CountsIt()
    {
        var name = UniqueUser();
        using var folder = new TempDirectory("coffer-admin-");
        var policyFile = await PolicyFileAsync(folder, "read");
        Assert.Equal(0, (await RunAsync("user", "add", name)).ExitCode);

        var before = await RunAsync("info");
        Assert.Equal(0, (await RunAsync("policy", "attach", name, policyFile)).ExitCode);
        var after = await RunAsync("info");
        Assert.Equal(0, (await RunAsync("user", "rm", name, "--force")).ExitCode);

        Assert.Equal(InlinePolicies(before.Output) + 1, InlinePolicies(after.Output));
        Assert.Matches(@"\ncustomer managed policies\s+\d+\n", after.Output);

        static int InlinePolicies(string info) =>
            int.Parse(Regex.Match(info, @"\ninline policies \(of users, groups, roles\)\s+(\d+)\n").Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ScrubHelp_ListsOnlyTheDataDirectory()
    {
        var scrub = await HelpAsync("admin", "scrub");
        var userList = await HelpAsync("admin", "user", "list");

        Assert.Contains("--data", scrub, StringComparison.Ordinal);
        Assert.Contains("The data directory to check", scrub, StringComparison.Ordinal);
        Assert.DoesNotContain("--endpoint", scrub, StringComparison.Ordinal);
        Assert.DoesNotContain("--region", scrub, StringComparison.Ordinal);
        Assert.DoesNotContain("root credentials", scrub, StringComparison.Ordinal);
        Assert.Contains("--endpoint", userList, StringComparison.Ordinal);
        Assert.Contains("--region", userList, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_DataDirectoryWithoutCredentials_SaysWhereToFindThem()
    {
        if (Environment.GetEnvironmentVariable("COFFER_ROOT_USER") is { Length: > 0 })
        {
            return; // The environment's root key pair would be used instead.
        }

        using var empty = new TempDirectory("coffer-admin-");
        var result = await RunAsync(["user", "list", "--data", empty.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no root credentials", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(empty.Path, "root-credentials.json")));
    }

    private static string UniqueUser() => "adm-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A read-only policy document in NAME.json, which `policy attach` names NAME.</summary>
    private static async Task<string> PolicyFileAsync(TempDirectory folder, string name)
    {
        var path = Path.Combine(folder.Path, name + ".json");
        await File.WriteAllTextAsync(path, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}""");
        return path;
    }

    private static async Task<string> HelpAsync(params string[] command)
    {
        var output = new StringWriter { NewLine = "\n" };
        var root = new RootCommand { AdminCommand.Create() };
        Assert.Equal(0, await root.Parse([.. command, "--help"]).InvokeAsync(new InvocationConfiguration { Output = output, Error = output }));
        return output.ToString();
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) => AdminCli.RunAsync(server, arguments);
}
