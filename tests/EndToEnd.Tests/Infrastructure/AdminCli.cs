using System.CommandLine;

using Coffer.Server.Admin;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>`coffer admin` run in-process against a test server, with its data directory and endpoint unless given.</summary>
public static class AdminCli
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(CofferServer server, params string[] arguments)
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
