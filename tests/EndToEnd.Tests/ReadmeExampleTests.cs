using System.Diagnostics;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The README's shell examples, run as a reader runs them: every ```sh block not marked
/// <c>&lt;!-- readme-test: skip (why) --&gt;</c>, in order, in one bash with -euo pipefail, in an
/// empty folder, against a real `coffer server` process, with `coffer` on PATH. The one change made
/// to their text: the README's server address, 127.0.0.1:9000, becomes the test server's (it listens on
/// port 0, since other tests and checkouts share the machine). An example that stops working fails
/// this test with its text, its line in README.md and the script's stderr.
/// </summary>
[SupportedOSPlatform("linux")]
public class ReadmeExampleTests
{
    /// <summary>Fewer run blocks than this means the examples were lost or all skipped, which must not pass.</summary>
    private const int MinimumRunBlocks = 6;

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    /// <summary>What no unmarked block may do, because a test cannot: the reason to give in its skip marker.</summary>
    private static readonly (Regex Pattern, string Reason)[] CannotRun =
    [
        (new(@"\bdotnet\s+test\b"), "runs the test suite"),
        (new(@"\bdotnet\s+run\b.*--\s+server\b|\bcoffer\s+server\b"), "starts the server in the foreground"),
        (new(@"tests/Torture\b"), "runs the long crash torture"),
        (new(@"\b(docker|podman)\s"), "builds or runs a container"),
        (new(@"\bsudo\s|/usr/local/bin|\bsystemctl\s|\bapt(-get)?\s+install\b"), "installs onto the machine"),
    ];

    [Fact]
    public async Task ReadmeShellExamples_RunTopToBottom_EachSucceeds()
    {
        var blocks = ReadmeShellBlocks.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "README.md")));
        var run = blocks.Where(b => b.SkipReason is null).ToList();
        RequireRunnable(run);
        Assert.True(run.Count >= MinimumRunBlocks, $"README.md has {run.Count} shell examples to run, fewer than {MinimumRunBlocks}: were they removed or all marked skip?");

        // The folder the examples run in (the server's ./data included, as when a reader starts it
        // from the checkout), and beside it the script, its progress file and the `coffer` shim.
        using var work = new TempDirectory("coffer-readme-");
        using var tools = new TempDirectory("coffer-readme-tools-");
        var rootUser = "CFREADME" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        var rootPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        using var server = await ServerProcess.StartAsync(Path.Combine(work.Path, "data"), rootUser, rootPassword);

        var script = new ReadmeScript(run, server.Endpoint.Authority, tools.Path);
        await File.WriteAllTextAsync(script.Path, script.Text);
        await WriteCofferShimAsync(tools.Path);

        var bash = new ProcessStartInfo("bash") { WorkingDirectory = work.Path };
        foreach (var argument in new[] { "-euo", "pipefail", script.Path })
        {
            bash.ArgumentList.Add(argument);
        }

        SetReadersEnvironment(bash.Environment, tools.Path, rootUser, rootPassword);

        ChildProcess.Result result;
        try
        {
            result = await ChildProcess.RunAsync(bash, ScriptTimeout);
        }
        catch (TimeoutException timeout)
        {
            Assert.Fail(Failure(script, $"did not finish within {ScriptTimeout}", timeout.Message, "", server));
            return;
        }

        if (result.ExitCode != 0)
        {
            Assert.Fail(Failure(script, $"failed (bash exited {result.ExitCode})", result.Error, result.Output, server));
        }
    }

    [Fact]
    public void Parse_SkipMarkerBeforeFence_SkipsThatBlockOnly()
    {
        var blocks = ReadmeShellBlocks.Parse(
            "# Title\n\n<!-- readme-test: skip (starts the server (in the foreground)) -->\n\n```sh\nserve\n```\n\n```json\n{}\n```\n\n```sh\necho hi\n```\n");

        Assert.Equal(
            [new ShellBlock(5, "serve\n", "starts the server (in the foreground)"), new ShellBlock(13, "echo hi\n", null)],
            blocks);
    }

    [Theory]
    [InlineData("<!-- readme-test: skip -->\n```sh\nx\n```\n", "line 1: a readme-test marker reads")]
    [InlineData("<!-- readme-test: skip (why) -->\nSome prose.\n```sh\nx\n```\n", "line 1: a readme-test skip marker must stand just before")]
    [InlineData("<!-- readme-test: skip (why) -->\n```json\n{}\n```\n", "line 1: a readme-test skip marker must stand just before")]
    [InlineData("Text\n```sh\nx\n", "line 2: the fence opened here is never closed")]
    public void Parse_MisplacedMarkerOrOpenFence_IsRefused(string markdown, string message)
    {
        var error = Assert.Throws<FormatException>(() => ReadmeShellBlocks.Parse(markdown));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Unmarked blocks that could not run here fail at once, saying how to mark them, rather than hang or half-run.</summary>
    private static void RequireRunnable(IEnumerable<ShellBlock> run)
    {
        var problems = run
            .SelectMany(block => CannotRun.Where(rule => rule.Pattern.IsMatch(block.Text)).Select(rule => (block, rule.Reason)))
            .Select(p => $"README.md line {p.block.Line}: this example {p.Reason}, which the README test cannot do; " +
                         $"mark it with <!-- readme-test: skip ({p.Reason}) --> on the line before its fence, or make it runnable:\n{p.block.Text}")
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>`coffer` as a reader has it on PATH: here, the coffer.dll built beside the tests.</summary>
    private static async Task WriteCofferShimAsync(string folder)
    {
        var shim = Path.Combine(folder, "coffer");
        await File.WriteAllTextAsync(shim, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "coffer.dll")}' \"$@\"\n");
        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>
    /// What a reader's shell holds after following the README: the two root variables exported
    /// before starting the server (the skipped first example), and nothing else of Coffer's or AWS's
    /// from this machine, whose own aws configuration files are kept out as in <see cref="AwsCli"/>.
    /// </summary>
    private static void SetReadersEnvironment(IDictionary<string, string?> environment, string tools, string rootUser, string rootPassword)
    {
        foreach (var name in environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k.StartsWith("COFFER_", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(name);
        }

        environment["COFFER_ROOT_USER"] = rootUser;
        environment["COFFER_ROOT_PASSWORD"] = rootPassword;
        environment["PATH"] = environment.TryGetValue("PATH", out var path) && !string.IsNullOrEmpty(path) ? tools + ":" + path : tools;
        environment["AWS_CONFIG_FILE"] = "/dev/null";
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        environment["AWS_PAGER"] = "";
    }

    private static string Failure(ReadmeScript script, string what, string stderr, string stdout, ServerProcess server)
    {
        var failure = "The script failed before the first example started:";
        if (script.Where() is { } where)
        {
            var at = where.Command is { } command ? $", at the command on or near README.md line {command.Line} ({command.Text})" : "";
            failure = $"README.md line {where.Block.Line}: this example {what}{at}:\n```sh\n{where.Block.Text}```";
        }

        return $"{failure}\n--- stderr (last lines) ---\n{Tail(stderr, 80)}\n--- stdout (last lines) ---\n{Tail(stdout, 20)}\n--- server ---\n{Tail(server.Output, 20)}";
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.TrimEnd().Split('\n').TakeLast(lines));
}
