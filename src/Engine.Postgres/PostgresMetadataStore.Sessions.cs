namespace Coffer.Engine.Postgres;

public sealed partial class PostgresMetadataStore
{
    /// <summary>For a read: each statement on a pooled connection of its own, in a snapshot of its own.</summary>
    private PostgresSession Pooled => PostgresSession.Pooled(_dataSource);

    /// <summary>A change: <paramref name="change"/>'s statements in one SERIALIZABLE transaction, run again whole on a serialization failure.</summary>
    private Task<T> ChangeAsync<T>(Func<PostgresSession, Task<T>> change, CancellationToken cancellationToken) =>
        SerializableTransactions.RunAsync(
            _dataSource, (connection, _) => change(PostgresSession.InTransaction(connection)), cancellationToken);
}
