using System.Net;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server.Configuration;
using Coffer.Server.Credentials;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// One way to configure `coffer server`: every option as a flag, a COFFER_* variable and a config file key, with
/// flag over environment over file over default.
/// </summary>
public sealed class ConfigurationTests
{
    private const string AccessKey = "CONFIGTESTKEY";
    private const string SecretKey = "configuration-secret-0123456789abcdefghij";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Resolve_SameSettingFromEverySource_FlagWinsThenEnvironmentThenFile()
    {
        using var folder = new TempDirectory("coffer-config-");
        var file = Path.Combine(folder.Path, "coffer.toml");
        File.WriteAllText(file, """
            # every source names the region; only the file names the domain
            region = "file-region"
            domain = "files.example"
            address = "127.0.0.1:9101"
            data = "/from/file"
            """);
        var environment = new Dictionary<string, string?>
        {
            ["COFFER_CONFIG"] = file,
            ["COFFER_REGION"] = "env-region",
            ["COFFER_ADDRESS"] = "127.0.0.1:9102",
        };
        var flags = new Dictionary<string, string> { ["region"] = "flag-region" };

        var options = ServerConfiguration.Resolve(flags, name => environment.GetValueOrDefault(name));

        Assert.Equal("flag-region", options.Region);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9102), options.Address);
        Assert.Equal("files.example", options.Domain);
        Assert.Equal("/from/file", options.DataDirectory);
        Assert.Equal(file, options.ConfigFile);
    }

    [Fact]
    public void Resolve_NothingGiven_GivesTheDocumentedDefaults()
    {
        var options = ServerConfiguration.Resolve(new Dictionary<string, string>(), _ => null);

        Assert.Equal("./data", options.DataDirectory);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9000), options.Address);
        Assert.Equal("us-east-1", options.Region);
        Assert.Null(options.Domain);
        Assert.Null(options.RootCredentials);
        Assert.Null(options.ConfigFile);

        // The defaults --help shows are the ones in force.
        foreach (var setting in ServerSettings.All.Where(s => s.DefaultText is not null))
        {
            Assert.Equal(options, setting.Apply(options, setting.DefaultText!));
        }
    }

    [Fact]
    public void Resolve_EmptyVariable_CountsAsUnset()
    {
        var environment = new Dictionary<string, string?> { ["COFFER_REGION"] = "", ["COFFER_CONFIG"] = "" };

        var options = ServerConfiguration.Resolve(new Dictionary<string, string>(), name => environment.GetValueOrDefault(name));

        Assert.Equal("us-east-1", options.Region);
    }

    [Theory]
    [InlineData("0.0.0.0:9000", "0.0.0.0:9000")]
    [InlineData(":9000", "0.0.0.0:9000")]
    [InlineData("localhost:0", "127.0.0.1:0")]
    [InlineData("[::1]:9000", "[::1]:9000")]
    [InlineData("[::]:9000", "[::]:9000")]
    public void ListenAddress_AcceptedForms_ParseToTheEndpoint(string text, string endpoint)
    {
        Assert.Equal(IPEndPoint.Parse(endpoint), ListenAddress.Parse(text));
    }

    [Theory]
    [InlineData("9000")]
    [InlineData("::1:9000")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("[127.0.0.1]:9000")]
    [InlineData("host.example:9000")]
    public void ListenAddress_OtherForms_AreRefusedWithAReason(string text)
    {
        var refused = Assert.Throws<FormatException>(() => ListenAddress.Parse(text));
        Assert.Contains(text, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerHelp_ListsEveryOptionWithItsVariable()
    {
        var help = await CofferCommand.RunAsync(Timeout, "server", "--help");

        Assert.Equal(0, help.ExitCode);
        foreach (var setting in ServerSettings.All.Prepend(ServerSettings.Config))
        {
            Assert.Contains(setting.Flag + " <" + setting.ValueName + ">", help.Output, StringComparison.Ordinal);
            Assert.Contains(setting.EnvironmentVariable, help.Output, StringComparison.Ordinal);
        }

        Assert.Contains("COFFER_ROOT_PASSWORD", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerStart_ConfigFileEnvironmentAndFlag_BannerShowsTheWinningValues()
    {
        using var folder = new TempDirectory("coffer-config-");
        var file = Path.Combine(folder.Path, "coffer.toml");
        await File.WriteAllTextAsync(file, "region = \"file-region\"\ndomain = \"files.example\"\n");

        using var server = await ServerProcess.StartAsync(
            Path.Combine(folder.Path, "data"),
            AccessKey,
            SecretKey,
            arguments: ["--config", file],
            environment: new Dictionary<string, string> { ["COFFER_REGION"] = "env-region" });

        Assert.Equal("  region: env-region", await server.WaitForLineAsync("  region: ", Timeout));
        Assert.Equal($"  config: {file}", await server.WaitForLineAsync("  config: ", Timeout));
        Assert.Equal($"  root:   {AccessKey}, from COFFER_ROOT_USER and COFFER_ROOT_PASSWORD", await server.WaitForLineAsync("  root: ", Timeout));
    }

    [Fact]
    public async Task ServerStart_EnvironmentCredentialsDifferFromStored_UsesThemAndNamesTheStaleFile()
    {
        using var folder = new TempDirectory("coffer-config-");
        var data = Path.Combine(folder.Path, "data");
        var stored = RootCredentials.PathIn(data);
        using (var first = await ServerProcess.StartAsync(data, accessKey: null, secretKey: null))
        {
            await first.WaitForLineAsync($"Generated root credentials (stored in {stored}, mode 0600)", Timeout);
            Assert.Equal(0, await first.TerminateAsync(Timeout));
        }

        using (var again = await ServerProcess.StartAsync(data, accessKey: null, secretKey: null))
        {
            Assert.Matches($@"^  root:   CF[A-Z2-7]{{18}}, stored in {System.Text.RegularExpressions.Regex.Escape(stored)} \(mode 0600\)$", await again.WaitForLineAsync("  root: ", Timeout));
            Assert.Equal(0, await again.TerminateAsync(Timeout));
        }

        using var replaced = await ServerProcess.StartAsync(data, AccessKey, SecretKey);
        using var s3 = ProcessServerClients.Create(replaced.Endpoint, AccessKey, SecretKey);
        await s3.PutBucketAsync("env-keys-work");

        Assert.Equal($"  root:   {AccessKey}, from COFFER_ROOT_USER and COFFER_ROOT_PASSWORD", await replaced.WaitForLineAsync("  root: ", Timeout));
        var warning = await replaced.WaitForLineAsync("is stale", Timeout);
        Assert.Contains(stored, warning, StringComparison.Ordinal);

        // coffer admin --data reads the stale file: refused, it says so and what to do; given the variables, it works.
        var endpoint = replaced.Endpoint.ToString();
        var stale = await CofferCommand.RunAsync(Timeout, StartupFailureTests.WithoutCofferVariables(new Dictionary<string, string?>()), "admin", "info", "--data", data, "--endpoint", endpoint);
        var current = await CofferCommand.RunAsync(
            Timeout,
            StartupFailureTests.WithoutCofferVariables(new Dictionary<string, string?> { ["COFFER_ROOT_USER"] = AccessKey, ["COFFER_ROOT_PASSWORD"] = SecretKey }),
            "admin", "info", "--data", data, "--endpoint", endpoint);

        Assert.Equal(1, stale.ExitCode);
        var refusal = Assert.Single(StartupFailureTests.Lines(stale.Error));
        Assert.Contains($"the root credentials in {stored} were refused", refusal, StringComparison.Ordinal);
        Assert.True(current.ExitCode == 0, current.Error);
    }

    [Fact]
    public async Task Admin_CofferDataInTheEnvironment_FindsTheServersRootCredentialsThere()
    {
        using var folder = new TempDirectory("coffer-config-");
        var data = Path.Combine(folder.Path, "data");
        using var server = await ServerProcess.StartAsync(data, accessKey: null, secretKey: null);
        var endpoint = server.Endpoint.ToString();

        var fromVariable = await CofferCommand.RunAsync(
            Timeout, StartupFailureTests.WithoutCofferVariables(new Dictionary<string, string?> { ["COFFER_DATA"] = data }), "admin", "info", "--endpoint", endpoint);
        var elsewhere = await CofferCommand.RunAsync(
            Timeout,
            StartupFailureTests.WithoutCofferVariables(new Dictionary<string, string?> { ["COFFER_DATA"] = Path.Combine(folder.Path, "other") }),
            "admin", "info", "--endpoint", endpoint);

        Assert.True(fromVariable.ExitCode == 0, fromVariable.Error);
        Assert.Matches(@"account\s+\d{12}", fromVariable.Output);
        Assert.Equal(1, elsewhere.ExitCode);
        Assert.Contains("no root credentials", Assert.Single(StartupFailureTests.Lines(elsewhere.Error)), StringComparison.Ordinal);
    }
}
