using System.Net;
using System.Net.Sockets;

using Coffer.Server.Configuration;
using Coffer.Server.Hosting;

namespace Coffer.Server.Commands;

/// <summary>
/// Starts a server from checked options, or fails in one line. A start that fails leaves nothing behind: the address
/// is tried before anything is created, and a data directory this start created is removed again.
/// </summary>
public static class ServerStartup
{
    /// <summary>The exit code for a setting that cannot be used (the usual code for a usage error).</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>The exit code for a start that failed for another reason: the address taken, the directory unusable.</summary>
    public const int StartFailed = 1;

    public static async Task<int> RunAsync(ServerOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        var failure = CheckDataDirectory(dataDirectory);
        ServerListenSocket? listenSocket = null;
        if (failure is null)
        {
            (listenSocket, failure) = ListenOrCheck(options.Address);
        }

        if (failure is not null)
        {
            await error.WriteLineAsync($"coffer: {failure}");
            return StartFailed;
        }

        using var listening = listenSocket;

        // 1. A directory whose metadata moved to PostgreSQL (`coffer admin migrate`) runs there, as a node does.
        MetadataMove? move;
        try
        {
            (var metadata, move) = MetadataMove.Resolve(dataDirectory, options.Metadata);
            options = options with { Metadata = metadata };
        }
        catch (Exception problem) when (problem is ConfigurationException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            await error.WriteLineAsync($"coffer: {Describe(problem, options)}");
            return problem is ConfigurationException ? InvalidConfiguration : StartFailed;
        }

        // 2. Note what does not exist yet, so that a failed start can take away exactly what it made.
        var created = OutermostMissing(dataDirectory);
        CofferHost? host = null;
        StopSignals? signals = null;
        try
        {
            // 3. Create the stores and bind the address; a stop signal is ours from before the first request. Anything
            //    that fails here is reported in one line.
            host = await CofferHost.CreateAsync(options, listenSocket: listenSocket);
            signals = host.HandleStopSignals();
            await host.StartAsync(cancellationToken);
        }
        catch (Exception problem)
        {
            signals?.Dispose();
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            if (created is not null)
            {
                TryDelete(created);
            }

            await error.WriteLineAsync($"coffer: {Describe(problem, options)}");
            return StartFailed;
        }

        // 4. Serve until told to stop, on another host if the metadata moves meanwhile. With JSON logs, standard
        //    output holds nothing but JSON lines: the banner, written for people, goes to standard error.
        using (signals)
        {
            var json = options.LogFormat == LogFormat.Json;
            var bannerTo = json ? error : output;
            var interactive = json ? error == Console.Error && !Console.IsErrorRedirected : output == Console.Out && !Console.IsOutputRedirected;
            Banner.Print(bannerTo, host, options, interactive);
            if (move is not null)
            {
                ServingLoop.NoteMovedMetadata(host, move);
            }

            return await new ServingLoop(host, signals, options, listenSocket, error).RunAsync(cancellationToken);
        }
    }

    private static string? CheckDataDirectory(string dataDirectory)
    {
        if (File.Exists(dataDirectory))
        {
            return $"--data {dataDirectory} is a file, not a directory; give the directory Coffer keeps its data in (it is created if missing).";
        }

        // A missing directory is created with its parents; one of those being a file would fail halfway through.
        for (var parent = Path.GetDirectoryName(dataDirectory); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                return $"--data {dataDirectory} cannot be created: {parent} is a file.";
            }

            if (Directory.Exists(parent))
            {
                break;
            }
        }

        return null;
    }

    /// <summary>
    /// Binds the address before the data directory is touched, so that a taken or forbidden address is reported first:
    /// for good, as the socket every host of this server is lent (<see cref="ServerListenSocket"/>), or, where sockets
    /// cannot be lent, once and let go (Kestrel binds again moments later; a race lost in between is still reported in
    /// one line).
    /// </summary>
    private static (ServerListenSocket? Socket, string? Failure) ListenOrCheck(IPEndPoint address)
    {
        if (!ServerListenSocket.IsSupported)
        {
            return (null, CheckAddress(address));
        }

        try
        {
            return (ServerListenSocket.Bind(address), null);
        }
        catch (SocketException refused)
        {
            return (null, CannotListen(address, refused.SocketErrorCode, refused.Message));
        }
    }

    private static string? CheckAddress(IPEndPoint address)
    {
        if (address.Port == 0)
        {
            return null;
        }

        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel binds: connections of a server that just stopped, waiting out TIME_WAIT, do not count as taken.
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            probe.Bind(address);
            return null;
        }
        catch (SocketException refused)
        {
            return CannotListen(address, refused.SocketErrorCode, refused.Message);
        }
    }

    private static string CannotListen(IPEndPoint address, SocketError code, string message) => code switch
    {
        SocketError.AddressAlreadyInUse =>
            $"cannot listen on {address}: the address is already in use (another server running? choose another with --address).",
        SocketError.AccessDenied =>
            $"cannot listen on {address}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE; choose another with --address).",
        SocketError.AddressNotAvailable =>
            $"cannot listen on {address}: no network interface of this machine has that address (0.0.0.0 listens on all of them).",
        _ => $"cannot listen on {address}: {message}",
    };

    /// <summary>Why a host could not start, in one line.</summary>
    internal static string Describe(Exception problem, ServerOptions options) => problem switch
    {
        DataDirectoryInUseException inUse => $"{inUse.Message}; stop it first, or give this server another --data.",
        IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException } =>
            CannotListen(options.Address, SocketError.AddressAlreadyInUse, problem.Message),
        SocketException socket => CannotListen(options.Address, socket.SocketErrorCode, socket.Message),
        UnauthorizedAccessException => $"cannot use the data directory {Path.GetFullPath(options.DataDirectory)}: permission denied ({problem.Message})",
        IOException => $"cannot use the data directory {Path.GetFullPath(options.DataDirectory)}: {problem.Message}",
        ConfigurationException invalid => invalid.Message,
        _ => $"could not start: {problem.GetType().Name}: {problem.Message}",
    };

    /// <summary>The outermost folder of the data directory's path that does not exist yet, or null when it exists.</summary>
    private static string? OutermostMissing(string dataDirectory)
    {
        string? missing = null;
        for (var path = dataDirectory; path is not null && !Directory.Exists(path); path = Path.GetDirectoryName(path))
        {
            missing = path;
        }

        return missing;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the one-line failure is what the operator needs, and this leaves at most an empty folder.
        }
    }
}
