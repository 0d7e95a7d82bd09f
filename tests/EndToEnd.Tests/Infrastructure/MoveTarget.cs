using Coffer.TestKit;
using Coffer.TestKit.Postgres;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>What a test of `coffer admin migrate` moves between: a data directory of its own and an empty database.</summary>
public sealed class MoveTarget : IAsyncLifetime
{
    private readonly TempDirectory _data = new("coffer-migrate-");

    public string DataDirectory => _data.Path;

    public string Database { get; private set; } = "";

    /// <summary>The database as users give it to --to.</summary>
    public string Uri => PostgresServer.Shared.Uri(Database);

    public string MovedFile => Path.Combine(_data.Path, "metadata-moved");

    public async Task InitializeAsync() => Database = await PostgresServer.Shared.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        await PostgresServer.Shared.DropDatabaseAsync(Database);
        _data.Dispose();
    }
}
