using Coffer.Engine.Contract.Tests.MetadataStore;
using Coffer.Engine.Ports;
using Coffer.Engine.Sqlite;
using Coffer.TestKit;

namespace Coffer.Engine.Contract.Tests.Sqlite;

/// <summary>A SQLite metadata database in a fresh temp directory.</summary>
public sealed class SqliteHarness : IMetadataStoreHarness
{
    private readonly TempDirectory _directory = new();

    public string DatabasePath => Path.Combine(_directory.Path, "data", "metadata.db");

    public async Task<IMetadataStore> OpenAsync() => await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
