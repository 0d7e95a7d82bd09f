using System.Net;

using Coffer.Server.Hosting;

namespace Coffer.Server.Commands;

/// <summary>
/// Runs `coffer server` once its first host is up, until it is told to stop. A host on the embedded database whose
/// metadata `coffer admin migrate` moves to PostgreSQL under it is replaced: it drains as for a stop, is disposed
/// (which closes SQLite and lets go of the directory's exclusive lock), and a host on the new database takes its place
/// on the same address, under the same stop signals. Both serve on the one socket `coffer server` bound
/// (<paramref name="listenSocket"/>), so connections that arrive between them wait in its queue for the new host; where
/// sockets cannot be lent, the new host binds the address again and clients see the port closed for that moment.
/// </summary>
internal sealed partial class ServingLoop(CofferHost first, StopSignals signals, ServerOptions options, ServerListenSocket? listenSocket, TextWriter error)
{
    /// <summary>Serves until a stop; returns the exit code. Disposes every host it ran, the first included.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var host = first;
        try
        {
            // The port bound, not the one asked: after port 0 the next host must be found where the clients found this one.
            var serving = options with { Address = new IPEndPoint(options.Address.Address, host.Endpoint.Port) };
            while (true)
            {
                var (exitCode, move) = await ServeAsync(host);
                if (move is null || signals.StopAsked)
                {
                    return exitCode;
                }

                // 1. Let go of the old host: SQLite closed and the directory's exclusive lock released, which the new
                //    host, sharing the directory as a node on PostgreSQL, could not take beside it.
                signals.Follow(null);
                var old = host;
                host = null;
                await old.DisposeAsync();

                // 2. The new host, on the address the old one had. A stop asked meanwhile stops it as soon as it follows.
                serving = serving with { Metadata = move.Target };
                try
                {
                    host = await CofferHost.CreateAsync(serving, listenSocket: listenSocket);
                    host.TakeStopSignals(signals);
                    await host.StartAsync(cancellationToken);
                }
                catch (Exception problem)
                {
                    await error.WriteLineAsync($"coffer: the {move.Describe()}, but the server could not switch to it: {ServerStartup.Describe(problem, serving)}");
                    return ServerStartup.StartFailed;
                }

                NoteMovedMetadata(host, move);
            }
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>The server's line for a start on moved metadata, whether it found the move at start or while serving.</summary>
    public static void NoteMovedMetadata(CofferHost host, MetadataMove move)
    {
        var logger = Logger(host);
        Log.ServingMovedMetadata(logger, move.RedactedTarget, move.MovedOn);
    }

    /// <summary>Runs <paramref name="host"/> until it stops; the move that stopped it, if a move did.</summary>
    private async Task<(int ExitCode, MetadataMove? Move)> ServeAsync(CofferHost host)
    {
        // Only the embedded database can be moved away; a host on PostgreSQL simply serves.
        if (host.MetadataMoved is not { } writeRefused)
        {
            return (await host.RunUntilShutdownAsync(), null);
        }

        using var stopWatching = new CancellationTokenSource();
        var watcher = new MetadataMoveWatcher(Path.GetFullPath(options.DataDirectory), writeRefused, Logger(host));
        var watching = StopOnMoveAsync(host, watcher, stopWatching.Token);
        var exitCode = await host.RunUntilShutdownAsync();
        await stopWatching.CancelAsync();
        return (exitCode, await watching);
    }

    private static async Task<MetadataMove?> StopOnMoveAsync(CofferHost host, MetadataMoveWatcher watcher, CancellationToken cancellationToken)
    {
        MetadataMove move;
        try
        {
            move = await watcher.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host stopped for a signal before any move.
            return null;
        }

        var logger = Logger(host);
        Log.Switching(logger, move.RedactedTarget, move.MovedOn);
        host.RequestStop();
        return move;
    }

    private static ILogger Logger(CofferHost host) => host.Loggers.CreateLogger<ServingLoop>();

    private static partial class Log
    {
        [LoggerMessage(
            EventId = 232, Level = LogLevel.Warning,
            Message = "The metadata moved to {Target} on {MovedOn}: draining the requests in flight, then serving from there on the same address")]
        public static partial void Switching(ILogger logger, string target, string movedOn);

        [LoggerMessage(EventId = 233, Level = LogLevel.Information, Message = "The metadata moved to {Target} on {MovedOn}; serving from PostgreSQL")]
        public static partial void ServingMovedMetadata(ILogger logger, string target, string movedOn);
    }
}
