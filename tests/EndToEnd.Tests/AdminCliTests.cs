using System.CommandLine;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server.Admin;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>`coffer admin` against the real server: it signs for iam with the root key from the data directory.</summary>
public class AdminCliTests(CofferServer server) : IClassFixture<CofferServer>
{
    [Fact]
    public async Task Admin_UserKeyAndPolicyLifecycle_PrintsTables()
    {
        var name = "adm-" + Guid.NewGuid().ToString("N")[..8];
        using var folder = new TempDirectory("coffer-admin-");
        var policyFile = Path.Combine(folder.Path, "read-only.json");
        await File.WriteAllTextAsync(policyFile, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}""");

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
        Assert.Contains("DeleteConflict", refused.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("policy", "detach", name, "read-only")).ExitCode);
        Assert.Equal(0, (await RunAsync("key", "rm", name, keyId)).ExitCode);
        Assert.Equal(0, (await RunAsync("user", "rm", name)).ExitCode);
        Assert.DoesNotContain(name, (await RunAsync("user", "list")).Output, StringComparison.Ordinal);
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

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        string[] line = ["admin", .. arguments];
        if (!arguments.Contains("--data"))
        {
            line = [.. line, "--data", server.DataDirectory];
        }

        var root = new RootCommand { AdminCommand.Create() };
        var exitCode = await root.Parse([.. line, "--endpoint", server.Endpoint.ToString()])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
