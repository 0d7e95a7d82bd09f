using System.CommandLine;

using Coffer.Server.Admin;
using Coffer.Server.Commands;

namespace Coffer.Server;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Coffer: a self-hosted, S3-compatible object store") { ServerCommand.Create(), AdminCommand.Create() };

        // With nothing to do, say what there is to do.
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);

        // A mistyped option is reported in one line, not followed by the whole help text.
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"coffer: {string.Join("; ", parse.Errors.Select(e => e.Message.TrimEnd('.')))}; --help lists the options.");
            return Task.FromResult(ServerStartup.InvalidConfiguration);
        }

        // `coffer server` handles SIGTERM and Ctrl-C itself (Hosting/StopSignals) and drains in-flight
        // requests; the command line library's own handler would end the process after a short timeout.
        return parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
