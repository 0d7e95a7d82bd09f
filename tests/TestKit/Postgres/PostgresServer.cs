using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

using Npgsql;

namespace Coffer.TestKit.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's own binaries (Debian's <c>postgresql</c> package): <c>initdb</c>
/// into a temporary directory, <c>pg_ctl start</c> on a free loopback port, and <c>pg_ctl stop</c> plus removal of the
/// directory when disposed or when the test process exits. <c>initdb</c> refuses to run as root, so as root (CI) every
/// binary runs as the <c>postgres</c> user the package creates, through <c>runuser</c>, with the directory owned by it.
/// <para>
/// The cluster's default collation is ICU's en-US where the binaries support it, a linguistic order unlike byte order,
/// so that a text column the store forgot to make <c>COLLATE "C"</c> sorts wrongly here, as it would on a user's
/// database, rather than by luck in the right order.
/// </para>
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string DirectoryPrefix = "coffer-pg-";

    private static readonly Lazy<PostgresServer> SharedServer = new(() =>
    {
        var server = Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    });

    private readonly string _binaries;
    private readonly string _directory;
    private readonly bool _asPostgresUser;
    private bool _stopped;

    private PostgresServer(string binaries, string directory, bool asPostgresUser, int port, bool durable)
    {
        _binaries = binaries;
        _directory = directory;
        _asPostgresUser = asPostgresUser;
        Port = port;
        Durable = durable;
    }

    /// <summary>One cluster for the whole test process, started on first use; tests take a database each.</summary>
    public static PostgresServer Shared => SharedServer.Value;

    public int Port { get; }

    /// <summary>Whether the cluster syncs its writes (for tests that crash nodes); tests that only check logic skip it.</summary>
    public bool Durable { get; }

    public const string User = "coffer";

    /// <summary>Npgsql's connection string for <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Database = database, Pooling = true }.ConnectionString;

    /// <summary>The same, as a <c>postgresql://</c> URI, the form users give <c>--metadata</c>.</summary>
    public string Uri(string database) => $"postgresql://{User}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{database}";

    /// <summary>Initializes and starts a new cluster. <paramref name="durable"/>: keep fsync on.</summary>
    public static PostgresServer Start(bool durable = false)
    {
        RemoveAbandonedClusters();
        var binaries = FindBinaries();
        var asPostgresUser = Environment.UserName == "root";
        var directory = Path.Combine(Path.GetTempPath(), $"{DirectoryPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(directory);
        if (asPostgresUser)
        {
            Run("chown", ["postgres:postgres", directory]);
        }

        var dataDirectory = Path.Combine(directory, "data");
        string[] initdb = ["-D", dataDirectory, "-U", User, "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"];
        if (!TryRun(Command(binaries, asPostgresUser, "initdb"), [.. initdb, "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en-US"], out _))
        {
            DeleteQuietly(dataDirectory, asPostgresUser);
            Run(Command(binaries, asPostgresUser, "initdb"), [.. initdb, "--locale=C.UTF-8"]);
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var server = new PostgresServer(binaries, directory, asPostgresUser, port, durable);
            if (server.TryStart(out var error))
            {
                return server;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException($"PostgreSQL did not start: {error}");
            }
        }
    }

    /// <summary>Creates an empty database and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "coffer_" + Guid.NewGuid().ToString("N")[..16];
        await AdministerAsync($"CREATE DATABASE {name}");
        return name;
    }

    /// <summary>Drops a database, closing the connections still open to it.</summary>
    public Task DropDatabaseAsync(string name) => AdministerAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    /// <summary>Runs one statement as the cluster's superuser in its <c>postgres</c> database.</summary>
    public async Task AdministerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the server as a crash would (no shutdown checkpoint); <see cref="Restart"/> brings it back on the same port.</summary>
    public void Halt() => PgCtl(["stop", "-m", "immediate", "-w"]);

    /// <summary>Starts a halted server again on the same port.</summary>
    public void Restart()
    {
        if (!TryStart(out var error))
        {
            throw new InvalidOperationException($"PostgreSQL did not start again: {error}");
        }
    }

    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        TryRun(Command(_binaries, _asPostgresUser, "pg_ctl"), ["stop", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w"], out _);
        DeleteQuietly(_directory, _asPostgresUser);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private bool TryStart(out string error)
    {
        var settings = string.Join(' ',
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            $"-k {_directory}",
            "-c listen_addresses=127.0.0.1",
            "-c max_connections=400",
            "-c shared_buffers=64MB",
            Durable ? "" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        return TryRun(
            Command(_binaries, _asPostgresUser, "pg_ctl"),
            ["start", "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "-o", settings],
            out error);
    }

    private void PgCtl(string[] arguments) =>
        Run(Command(_binaries, _asPostgresUser, "pg_ctl"), [arguments[0], "-D", Path.Combine(_directory, "data"), .. arguments[1..]]);

    /// <summary>
    /// The directory of the newest installed PostgreSQL's binaries: <c>COFFER_PG_BIN</c> when set, else Debian's
    /// <c>/usr/lib/postgresql/N/bin</c> (its binaries are not on PATH), else wherever PATH finds <c>initdb</c>.
    /// </summary>
    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("COFFER_PG_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.GetDirectories(debian)
                .Select(path => (Path: Path.Combine(path, "bin"), Version: int.TryParse(Path.GetFileName(path), out var v) ? v : 0))
                .Where(candidate => File.Exists(Path.Combine(candidate.Path, "initdb")))
                .OrderByDescending(candidate => candidate.Version)
                .FirstOrDefault();
            if (newest.Path is not null)
            {
                return newest.Path;
            }
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(directory, "initdb")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("PostgreSQL is not installed (no initdb): install Debian's postgresql package, or set COFFER_PG_BIN.");
    }

    /// <summary>Clusters left by test processes that were killed before they could stop theirs.</summary>
    private static void RemoveAbandonedClusters()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var owner = Path.GetFileName(directory)[DirectoryPrefix.Length..].Split('-')[0];
            if (!int.TryParse(owner, CultureInfo.InvariantCulture, out var pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            try
            {
                var asPostgresUser = Environment.UserName == "root";
                TryRun(Command(FindBinaries(), asPostgresUser, "pg_ctl"), ["stop", "-D", Path.Combine(directory, "data"), "-m", "immediate", "-w"], out _);
                DeleteQuietly(directory, asPostgresUser);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private static (string File, string[] Prefix) Command(string binaries, bool asPostgresUser, string program) =>
        asPostgresUser ? ("runuser", ["-u", "postgres", "--", Path.Combine(binaries, program)]) : (Path.Combine(binaries, program), []);

    private static void Run(string file, string[] arguments) => Run((file, []), arguments);

    private static void Run((string File, string[] Prefix) command, string[] arguments)
    {
        if (!TryRun(command, arguments, out var error))
        {
            throw new InvalidOperationException(error);
        }
    }

    private static bool TryRun((string File, string[] Prefix) command, string[] arguments, out string error)
    {
        var start = new ProcessStartInfo(command.File)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command.File} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        error = $"{command.File} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {output.Result}{errors.Result}";
        return process.ExitCode == 0;
    }

    private static void DeleteQuietly(string directory, bool asPostgresUser)
    {
        // The cluster's files belong to postgres; root may delete them anyway, and so may their owner.
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (asPostgresUser)
            {
                TryRun(("rm", []), ["-rf", directory], out _);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
