using Coffer.Engine.Ports;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

/// <summary>What an adapter provides to run the metadata store contract: empty storage, opened on demand.</summary>
public interface IMetadataStoreHarness : IAsyncDisposable
{
    /// <summary>Opens a store over this harness's storage; each call opens the same data again.</summary>
    Task<IMetadataStore> OpenAsync();
}
