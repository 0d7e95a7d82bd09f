using System.Net;
using System.Net.Sockets;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server.Commands;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// `coffer server` given something it cannot use: by table, the exit code, exactly one line on stderr saying what is
/// wrong, nothing on stdout, and nothing created (the data directory it was pointed at does not exist afterwards).
/// </summary>
public sealed class StartupFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Arguments and variables, with DATA standing for a fresh path in an empty folder and DIR for that folder.</summary>
    public sealed record Case(string Name, string[] Arguments, Dictionary<string, string?> Environment, int ExitCode, string LineSays)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases() =>
    [
        new("address without a host", ["--address", "9020"], [], ServerStartup.InvalidConfiguration, "'9020' is not HOST:PORT"),
        new("address port too large", ["--address", "127.0.0.1:99999"], [], ServerStartup.InvalidConfiguration, "from 0 to 65535"),
        new("address bare colon port too large", ["--address", ":99999"], [], ServerStartup.InvalidConfiguration, "from 0 to 65535"),
        new("address with a host name", ["--address", "example.com:9000"], [], ServerStartup.InvalidConfiguration, "must be an IP address"),
        new("address from the environment", [], new() { ["COFFER_ADDRESS"] = "nine-thousand" }, ServerStartup.InvalidConfiguration, "COFFER_ADDRESS=nine-thousand"),
        new("address on no interface of this machine", ["--address", "192.0.2.1:9000"], [], ServerStartup.StartFailed, "no network interface"),
        new("data naming a regular file", ["--data", "DIR/a-file"], [], ServerStartup.StartFailed, "is a file, not a directory"),
        new("data under a regular file", ["--data", "DIR/a-file/data"], [], ServerStartup.StartFailed, "is a file"),
        new("data where nothing may be created", ["--data", "/sys/coffer-startup-test"], [], ServerStartup.StartFailed, "cannot use the data directory"),
        new("root password too short", [], new() { ["COFFER_ROOT_USER"] = "admin", ["COFFER_ROOT_PASSWORD"] = "short" }, ServerStartup.InvalidConfiguration, "at least 8 characters"),
        new("root user without password", [], new() { ["COFFER_ROOT_USER"] = "admin" }, ServerStartup.InvalidConfiguration, "COFFER_ROOT_PASSWORD is not"),
        new("config file missing", ["--config", "DIR/none.toml"], [], ServerStartup.InvalidConfiguration, "cannot read the config file"),
        new("config file with an unknown key", ["--config", "DIR/unknown.toml"], [], ServerStartup.InvalidConfiguration, "unknown setting 'adress'"),
        new("config file that is not TOML", ["--config", "DIR/broken.toml"], [], ServerStartup.InvalidConfiguration, "broken.toml(2,"),
        new("config file with a bad value", ["--config", "DIR/bad-value.toml"], [], ServerStartup.InvalidConfiguration, "address = 9020"),
        new("unknown flag", ["--adress", "127.0.0.1:9000"], [], ServerStartup.InvalidConfiguration, "'--adress'"),
        new("master key file missing", ["--master-key-file", "DIR/no.key"], [], ServerStartup.StartFailed, "the master key file cannot be used"),
        new("master key file of the wrong size", ["--master-key-file", "DIR/a-file"], [], ServerStartup.StartFailed, "must hold exactly 32 bytes"),
        new("retiring master keys cut short", ["--master-key-file", "DIR/rotating.key"], [], ServerStartup.StartFailed, "the retiring master keys cannot be used"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ServerStart_UnusableInput_ExitsWithOneLineAndCreatesNothing(Case row)
    {
        using var folder = new TempDirectory("coffer-startup-");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "a-file"), "not a directory");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "unknown.toml"), "adress = \"127.0.0.1:9000\"\n");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "broken.toml"), "# a comment\ndata = \n");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "bad-value.toml"), "address = 9020\n");
        await File.WriteAllBytesAsync(Path.Combine(folder.Path, "rotating.key"), new byte[32]);
        await File.WriteAllBytesAsync(Path.Combine(folder.Path, "rotating.key.retiring"), new byte[40]);
        var data = Path.Combine(folder.Path, "data");
        var before = Directory.GetFileSystemEntries(folder.Path).Order().ToList();

        // A flag may be given once; the port is free unless a row names the address some other way (a wrong one).
        var given = row.Arguments.Select(a => a.Replace("DIR", folder.Path, StringComparison.Ordinal)).ToList();
        var arguments = new List<string> { "server" };
        if (!given.Contains("--data"))
        {
            arguments.AddRange(["--data", data]);
        }

        if (!given.Contains("--address") && !given.Contains("--config") && !row.Environment.ContainsKey("COFFER_ADDRESS"))
        {
            arguments.AddRange(["--address", "127.0.0.1:0"]);
        }

        arguments.AddRange(given);
        var result = await CofferCommand.RunAsync(Timeout, WithoutCofferVariables(row.Environment), [.. arguments]);

        Assert.True(row.ExitCode == result.ExitCode, $"exit {result.ExitCode}: {result.Output}{result.Error}");
        var line = Assert.Single(Lines(result.Error));
        Assert.StartsWith("coffer: ", line, StringComparison.Ordinal);
        Assert.Contains(row.LineSays, line, StringComparison.Ordinal);
        Assert.Empty(Lines(result.Output));
        Assert.Equal(before, Directory.GetFileSystemEntries(folder.Path).Order().ToList());
        Assert.False(Directory.Exists("/sys/coffer-startup-test"));
    }

    [Fact]
    public async Task ServerStart_AddressAlreadyTaken_ExitsOneWithOneLineAndCreatesNothing()
    {
        using var folder = new TempDirectory("coffer-startup-");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = (IPEndPoint)taken.LocalEndpoint;
        var data = Path.Combine(folder.Path, "data");

        var result = await CofferCommand.RunAsync(Timeout, WithoutCofferVariables(new Dictionary<string, string?>()), "server", "--data", data, "--address", address.ToString());

        Assert.Equal(ServerStartup.StartFailed, result.ExitCode);
        var line = Assert.Single(Lines(result.Error));
        Assert.Equal($"coffer: cannot listen on {address}: the address is already in use (another server running? choose another with --address).", line);
        Assert.False(Directory.Exists(data));
    }

    /// <summary>This machine's COFFER_* variables must not change what a row tests.</summary>
    internal static Dictionary<string, string?> WithoutCofferVariables(IReadOnlyDictionary<string, string?> wanted)
    {
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("COFFER_", StringComparison.Ordinal))
            .ToDictionary(name => name, _ => (string?)null, StringComparer.Ordinal);
        foreach (var (name, value) in wanted)
        {
            environment[name] = value;
        }

        return environment;
    }

    internal static List<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}
