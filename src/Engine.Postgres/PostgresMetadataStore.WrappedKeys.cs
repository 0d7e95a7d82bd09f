using Coffer.Engine.Ports;

namespace Coffer.Engine.Postgres;

/// <summary><see cref="IWrappedKeyStore"/> over the shared database's sealed-key and key-material columns.</summary>
public sealed partial class PostgresMetadataStore : IWrappedKeyStore
{
    public Task<long> CountWrappedKeysAsync(CancellationToken cancellationToken) =>
        WrappedKeyRows.CountAsync(Pooled, cancellationToken);

    public async Task<IReadOnlyList<StoredWrappedKey>> ListWrappedKeysAsync(WrappedKeyPosition? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await WrappedKeyRows.PageAsync(Pooled, after, limit, cancellationToken);
    }

    public Task<int> ReplaceWrappedKeysAsync(IReadOnlyList<WrappedKeyReplacement> replacements, CancellationToken cancellationToken) =>
        ChangeAsync(session => WrappedKeyRows.ReplaceAsync(session, replacements, cancellationToken), cancellationToken);
}
