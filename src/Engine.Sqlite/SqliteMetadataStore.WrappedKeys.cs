using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

/// <summary><see cref="IWrappedKeyStore"/> over the same database's sealed-key and key-material columns.</summary>
public sealed partial class SqliteMetadataStore : IWrappedKeyStore
{
    public Task<long> CountWrappedKeysAsync(CancellationToken cancellationToken) =>
        ReadAsync(WrappedKeyRows.Count, cancellationToken);

    public Task<IReadOnlyList<StoredWrappedKey>> ListWrappedKeysAsync(WrappedKeyPosition? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<StoredWrappedKey>>(
            session => WrappedKeyRows.Page(session, after ?? WrappedKeyRows.Start(WrappedKeyHolder.VersionSegment), limit),
            cancellationToken);
    }

    public Task<int> ReplaceWrappedKeysAsync(IReadOnlyList<WrappedKeyReplacement> replacements, CancellationToken cancellationToken) =>
        WriteAsync(session => replacements.Count(replacement => WrappedKeyRows.Replace(session, replacement)), cancellationToken);
}
