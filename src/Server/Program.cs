using System.CommandLine;

using Coffer.Server.Admin;
using Coffer.Server.Commands;

namespace Coffer.Server;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Coffer: a self-hosted, S3-compatible object store") { ServerCommand.Create(), AdminCommand.Create() };

        // `coffer server` handles SIGTERM and Ctrl-C itself (Hosting/StopSignals) and drains in-flight
        // requests; the command line library's own handler would end the process after a short timeout.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
