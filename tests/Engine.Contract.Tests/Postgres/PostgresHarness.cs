using Coffer.Engine.Contract.Tests.MetadataStore;
using Coffer.Engine.Ports;
using Coffer.Engine.Postgres;
using Coffer.TestKit.Postgres;

namespace Coffer.Engine.Contract.Tests.Postgres;

/// <summary>A database of its own on the test process's throwaway PostgreSQL cluster, dropped afterwards.</summary>
public sealed class PostgresHarness : IMetadataStoreHarness
{
    private string? _database;

    public async Task<IMetadataStore> OpenAsync()
    {
        _database ??= await PostgresServer.Shared.CreateDatabaseAsync();
        return await PostgresMetadataStore.OpenAsync(PostgresServer.Shared.ConnectionString(_database), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await PostgresServer.Shared.DropDatabaseAsync(_database);
        }
    }
}
