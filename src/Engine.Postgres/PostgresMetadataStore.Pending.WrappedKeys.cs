using Coffer.Engine.Ports;

namespace Coffer.Engine.Postgres;

// Placeholders while the store is built; each is replaced by its implementation, and this file goes when none is left.
public sealed partial class PostgresMetadataStore : IWrappedKeyStore
{
    public Task<long> CountWrappedKeysAsync(CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<StoredWrappedKey>> ListWrappedKeysAsync(WrappedKeyPosition? after, int limit, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<int> ReplaceWrappedKeysAsync(IReadOnlyList<WrappedKeyReplacement> replacements, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
