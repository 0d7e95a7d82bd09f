using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// The metadata store on a PostgreSQL-compatible database, shared by every node of a deployment. Every change is one
/// transaction, run again on a serialization failure: object writes REPEATABLE READ (see <see cref="PostgresWriters"/>),
/// identity and key-service changes SERIALIZABLE (see <see cref="SerializableTransactions"/>). The database is the only
/// arbiter between nodes. Call <see cref="OpenAsync(string, CancellationToken)"/>, which creates or migrates the schema.
/// </summary>
public sealed partial class PostgresMetadataStore : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresWriters _writers;

    private PostgresMetadataStore(NpgsqlDataSource dataSource, int writerThreads)
    {
        _dataSource = dataSource;
        _writers = new PostgresWriters(dataSource, writerThreads);
    }

    /// <summary>
    /// Connects to the database <paramref name="connectionString"/> names (a <c>postgresql://</c> URI or Npgsql's own
    /// form) and applies any schema step it lacks. Throws <see cref="MetadataDatabaseException"/> with one clear line
    /// when the database cannot be reached, refuses the login, is read-only, or has a newer schema than this build.
    /// </summary>
    public static Task<PostgresMetadataStore> OpenAsync(string connectionString, CancellationToken cancellationToken) =>
        OpenAsync(connectionString, PostgresWriters.DefaultThreads, cancellationToken);

    /// <summary>
    /// As <see cref="OpenAsync(string, CancellationToken)"/>, with <paramref name="writerThreads"/> writers (threads, each
    /// with a connection of its own while it writes; see <see cref="PostgresWriters"/>).
    /// </summary>
    public static async Task<PostgresMetadataStore> OpenAsync(string connectionString, int writerThreads, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(writerThreads, 1);
        var dataSource = await PostgresDataSources.OpenAsync(
            connectionString, source => PostgresSchemaMigrator.MigrateAsync(source, cancellationToken), cancellationToken, writerThreads);
        return new PostgresMetadataStore(dataSource, writerThreads);
    }

    /// <summary>Commits the writes already queued (their callers get their results), refuses new ones, then closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writers.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
