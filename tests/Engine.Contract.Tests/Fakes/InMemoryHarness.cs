using Coffer.Engine.Contract.Tests.MetadataStore;
using Coffer.Engine.Ports;
using Coffer.TestKit.Fakes;

namespace Coffer.Engine.Contract.Tests.Fakes;

/// <summary>
/// The engine tests' in-memory metadata store. Its storage is the store itself, so opening it again hands back the
/// same instance: a reopen sees every committed row, as it does over a database file.
/// </summary>
public sealed class InMemoryHarness : IMetadataStoreHarness
{
    private readonly InMemoryMetadataStore _store = new();

    public Task<IMetadataStore> OpenAsync() => Task.FromResult<IMetadataStore>(_store);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
