using Coffer.TestKit;
using Coffer.TestKit.Postgres;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Several real nodes in this process, as a deployment runs them: one PostgreSQL database (on the test process's
/// cluster) for metadata and one data directory they all share for blobs, each node on its own loopback port.
/// </summary>
public sealed class CofferCluster : IAsyncLifetime
{
    private readonly TempDirectory _data = new("coffer-cluster-");
    private readonly int _size;
    private readonly List<CofferServer> _nodes = [];

    public CofferCluster()
        : this(3)
    {
    }

    private CofferCluster(int size) => _size = size;

    public static CofferCluster Of(int size) => new(size);

    public string Database { get; private set; } = "";

    public string DataDirectory => _data.Path;

    public string MetadataUri => PostgresServer.Shared.Uri(Database);

    public IReadOnlyList<CofferServer> Nodes => _nodes;

    public async Task InitializeAsync()
    {
        Database = await PostgresServer.Shared.CreateDatabaseAsync();
        for (var i = 0; i < _size; i++)
        {
            await StartNodeAsync();
        }
    }

    /// <summary>Starts one more node on the cluster's database and data directory.</summary>
    public async Task<CofferServer> StartNodeAsync()
    {
        var node = CofferServer.On(_data.Path, configure: options => options with { Metadata = MetadataUri });
        await node.InitializeAsync();
        _nodes.Add(node);
        return node;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await PostgresServer.Shared.DropDatabaseAsync(Database);
        _data.Dispose();
    }
}
