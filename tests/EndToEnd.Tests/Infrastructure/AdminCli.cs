using System.CommandLine;

using Coffer.Server.Admin;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>`coffer admin` run in-process against a test server, with its data directory and endpoint unless given.</summary>
public static class AdminCli
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(CofferServer server, params string[] arguments)
    {
        string[] line = arguments;
        if (!arguments.Contains("--data"))
        {
            line = [.. line, "--data", server.DataDirectory];
        }

        return RunOnDiskAsync([.. line, "--endpoint", server.Endpoint.ToString()]);
    }

    /// <summary>`coffer admin` with these arguments and no others: for the commands that work on a data directory, with no server.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunOnDiskAsync(params string[] arguments)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var root = new RootCommand { AdminCommand.Create() };
        var exitCode = await root.Parse(["admin", .. arguments])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
