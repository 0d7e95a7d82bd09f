using System.Text;

using Coffer.Engine.Coordination;
using Coffer.Engine.Ports;
using Coffer.Engine.Postgres;
using Coffer.Engine.Sqlite;
using Coffer.Server.Configuration;

namespace Coffer.Server.Hosting;

/// <summary>
/// The metadata store a node runs on, with what the deployment shape implies: embedded SQLite in the data directory,
/// which the node then holds alone (every lease its own), or a PostgreSQL database shared by every node, whose leases
/// and change feed coordinate them, with the data directory their shared blob store.
/// </summary>
internal sealed record MetadataStores(
    IMetadataStore Metadata,
    IIdentityStore Identity,
    IKmsStore Kms,
    ILeaseStore Leases,
    IChangeFeed? Changes,
    Deployment Deployment,
    IAsyncDisposable Lifetime)
{
    /// <summary>Why the data directory is not the one this deployment's metadata describes now (the readiness check asks); null when it is.</summary>
    public Func<CancellationToken, Task<string?>> CheckBlobDirectory { get; init; } = _ => Task.FromResult<string?>(null);

    /// <summary>Completes when a write found the embedded database moved to another store; null for a store no move leaves.</summary>
    public Task? Moved { get; init; }

    /// <summary>The file in the data directory that names it to the database (see <see cref="PostgresMetadataStore.ClaimBlobDirectoryAsync"/>).</summary>
    public const string MarkerFileName = "blob-directory.id";

    public static async Task<MetadataStores> OpenAsync(ServerOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        if (options.Metadata is null)
        {
            var sqlite = new SqliteMetadataStore(Path.Combine(dataDirectory, "metadata.db"));
            await sqlite.InitializeAsync(cancellationToken);
            return new MetadataStores(sqlite, sqlite, sqlite, new SoleNodeLeases(), null, Deployment.Alone, sqlite) { Moved = sqlite.Moved };
        }

        PostgresMetadataStore postgres;
        try
        {
            postgres = await PostgresMetadataStore.OpenAsync(options.Metadata, cancellationToken);
        }
        catch (MetadataDatabaseException unusable)
        {
            throw new ConfigurationException($"--metadata: {unusable.Message}");
        }

        try
        {
            if (await CheckSharedBlobDirectoryAsync(postgres, dataDirectory, create: true, cancellationToken) is { } notShared)
            {
                throw new ConfigurationException(notShared);
            }
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }

        return new MetadataStores(postgres, postgres, postgres, postgres, postgres, new Deployment(SharesBlobs: true), postgres)
        {
            // A mount that goes away after the start leaves an empty directory (or none) where the files were.
            CheckBlobDirectory = token => CheckSharedBlobDirectoryAsync(postgres, dataDirectory, create: false, token),
        };
    }

    /// <summary>
    /// Refuses to serve from a data directory that is not the one the other nodes share: each blob a node wrote would
    /// be missing on the others. The first node to start records its directory's marker in the database; every node
    /// then finds the same marker in its directory, or stops with one line.
    /// </summary>
    private static async Task<string?> CheckSharedBlobDirectoryAsync(PostgresMetadataStore postgres, string dataDirectory, bool create, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDirectory, MarkerFileName);
        if (!File.Exists(path))
        {
            if (!create)
            {
                return $"--data {dataDirectory} has lost its {MarkerFileName}: the shared filesystem is not mounted there any more.";
            }

            try
            {
                PrivateFile.Create(path, Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N")));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another node on this directory made it first.
            }
        }

        // At start-up the first node records its marker; the readiness probe, asked every second, only reads it.
        var marker = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        var recorded = create
            ? await postgres.ClaimBlobDirectoryAsync(marker, cancellationToken)
            : await postgres.RecordedBlobDirectoryAsync(cancellationToken);
        return recorded == marker
            ? null
            : $"--data {dataDirectory} is not the blob directory the other nodes on this database share (its {MarkerFileName} says {marker}, " +
                $"the database {recorded}): mount the shared filesystem there, or point --metadata at this directory's own database.";
    }
}
