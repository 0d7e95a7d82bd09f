using System.Globalization;

using Coffer.TestKit;
using Coffer.TestKit.Postgres;
using Coffer.Torture.Verification;

namespace Coffer.Torture.Nodes;

/// <summary>
/// The `coffer server` processes of a run, by node number. One node keeps its metadata in SQLite in the data directory,
/// as a default install does; several share a PostgreSQL database (a fresh one on the test process's throwaway cluster)
/// and the data directory, as a deployment behind a load balancer does. Every node runs on one-second lifecycle days with
/// the GLACIER tier in a directory beside the data.
/// </summary>
public sealed class TortureNodes : IAsyncDisposable
{
    /// <summary>The node number is a bit of a mask (<see cref="Load.CycleContext.CutOff"/>).</summary>
    public const int MaxNodes = 16;

    private readonly ServerProcess?[] _processes;
    private readonly string _data;
    private readonly string _tier;
    private readonly string? _database;

    private TortureNodes(int count, string data, string tier, string? database)
    {
        _processes = new ServerProcess?[count];
        _data = data;
        _tier = tier;
        _database = database;
    }

    public int Count => _processes.Length;

    /// <summary>Where the nodes keep their metadata, for the log: the SQLite file, or the PostgreSQL database's URI.</summary>
    public string MetadataLocation => _database is null ? Path.Combine(_data, "metadata.db") : PostgresServer.Shared.Uri(_database);

    /// <summary>Where a failed run's metadata stays to be looked at, and for how long.</summary>
    public string KeptMetadata => _database is null
        ? MetadataLocation
        : $"{MetadataLocation} until this process exits (the throwaway PostgreSQL cluster goes with it)";

    public bool AnyRunning => _processes.Any(process => process is not null);

    /// <summary>Several nodes get a database of their own on the shared PostgreSQL cluster, which starts on first use.</summary>
    public static async Task<TortureNodes> CreateAsync(int count, string data, string tier)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxNodes);
        var database = count == 1 ? null : await PostgresServer.Shared.CreateDatabaseAsync();
        return new TortureNodes(count, data, tier, database);
    }

    /// <summary>
    /// Starts every node that is not running, one after another (the first start creates the schema and the shared
    /// secrets the others then read), and returns their numbers.
    /// </summary>
    public async Task<IReadOnlyList<int>> StartStoppedAsync()
    {
        var started = new List<int>();
        for (var node = 0; node < Count; node++)
        {
            if (_processes[node] is null)
            {
                _processes[node] = await StartAsync();
                started.Add(node);
            }
        }

        return started;
    }

    /// <summary>Clients for the nodes running now; a node started later needs the next cycle's (it listens on a new port).</summary>
    public NodeClients Clients() => new([.. _processes.Select(process => process?.Endpoint)]);

    /// <summary>One of the running nodes, drawn.</summary>
    public int DrawVictim(Random random)
    {
        var running = Enumerable.Range(0, Count).Where(node => _processes[node] is not null).ToList();
        return running[random.Next(running.Count)];
    }

    /// <summary>SIGKILL: the node dies mid-request, and its leases stay taken until they run out.</summary>
    public void Kill(int node)
    {
        _processes[node]?.Dispose();
        _processes[node] = null;
    }

    /// <summary>SIGTERM to every running node, all at once as a deployment's stop does; returns each one's exit code.</summary>
    public async Task<IReadOnlyList<(int Node, int ExitCode)>> TerminateAllAsync(TimeSpan timeout)
    {
        var running = Enumerable.Range(0, Count).Where(node => _processes[node] is not null).ToList();
        var exitCodes = await Task.WhenAll(running.Select(node => _processes[node]!.TerminateAsync(timeout)));
        foreach (var node in running)
        {
            Kill(node);
        }

        return [.. running.Zip(exitCodes)];
    }

    /// <summary>The stores with every node stopped: see <see cref="StoreInspector"/>.</summary>
    public Task InspectStoppedAsync(TortureReport report)
    {
        if (AnyRunning)
        {
            throw new InvalidOperationException("the stores are inspected with every node stopped");
        }

        return _database is null
            ? StoreInspector.InspectSqliteAsync(_data, _tier, report, CancellationToken.None)
            : StoreInspector.InspectPostgresAsync(PostgresServer.Shared.ConnectionString(_database), _data, _tier, report, CancellationToken.None);
    }

    /// <summary>
    /// What can be checked beside running nodes: the shared database's integrity (each check reads one snapshot, and every
    /// change is one transaction, so a sound store passes it at any instant). SQLite's store is the single node's own and
    /// is only opened while it is down.
    /// </summary>
    public Task CheckServingAsync(TortureReport report) => _database is null
        ? Task.CompletedTask
        : StoreInspector.CheckPostgresIntegrityAsync(PostgresServer.Shared.ConnectionString(_database), report, CancellationToken.None);

    /// <summary>Kills what still runs; drops the database if <paramref name="dropDatabase"/> (a failed run keeps it for inspection).</summary>
    public async Task CloseAsync(bool dropDatabase)
    {
        for (var node = 0; node < Count; node++)
        {
            Kill(node);
        }

        if (dropDatabase && _database is not null)
        {
            await PostgresServer.Shared.DropDatabaseAsync(_database);
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync(dropDatabase: false);

    public override string ToString() => Count == 1
        ? "one node on SQLite"
        : string.Create(CultureInfo.InvariantCulture, $"{Count} nodes on PostgreSQL ({MetadataLocation}) sharing the data directory");

    private Task<ServerProcess> StartAsync()
    {
        List<string> arguments = ["--lifecycle-day-seconds", "1", "--tier", $"{StoreInspector.TierClass}={_tier}"];
        if (_database is not null)
        {
            arguments.AddRange(["--metadata", PostgresServer.Shared.Uri(_database)]);
        }

        return ServerProcess.StartAsync(_data, NodeClients.AccessKey, NodeClients.SecretKey, arguments: arguments);
    }
}
