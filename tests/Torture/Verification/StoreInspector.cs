using Coffer.Engine.FileSystem;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Ports;
using Coffer.Engine.Postgres;
using Coffer.Engine.Sqlite;
using Coffer.Engine.Tiers;

using Microsoft.Data.Sqlite;

using Npgsql;

namespace Coffer.Torture.Verification;

/// <summary>
/// What killed servers left on disk, seen with the server's own stores while every node is down: the
/// metadata store's integrity check (SQLite's, or the PostgreSQL database's the nodes share), then
/// the real start-up sweep, then every file under blobs/
/// against every blob the metadata references, and the same for the GLACIER tier's directory (its
/// blobs' ids name the tier). After the sweep nothing may be unreferenced, nothing referenced may be
/// missing, and nothing may remain queued for deletion.
/// </summary>
public static class StoreInspector
{
    /// <summary>The storage class whose tier the torture's server keeps in a directory of its own.</summary>
    public const string TierClass = "GLACIER";

    /// <summary>Blob files on disk (restored copies of archives too); inline blobs live in the database and have none.</summary>
    private const string ReferencedFilesQuery = """
        SELECT blob_id FROM version_blobs WHERE blob_id NOT IN (SELECT blob_id FROM inline_blobs)
        UNION
        SELECT blob_id FROM upload_parts WHERE blob_id NOT IN (SELECT blob_id FROM inline_blobs)
        UNION
        SELECT blob_id FROM restored_blobs;
        """;

    /// <summary>Inline bytes outlive their version only by a bug: they are deleted in the transaction that lets them go.</summary>
    private const string UnreferencedInlineQuery = """
        SELECT blob_id FROM inline_blobs
        WHERE blob_id NOT IN (SELECT blob_id FROM version_blobs) AND blob_id NOT IN (SELECT blob_id FROM upload_parts);
        """;

    /// <summary>The single node's stores, with it down: the SQLite database in the data directory, and the blob directories.</summary>
    public static async Task InspectSqliteAsync(string dataDirectory, string tierDirectory, TortureReport report, CancellationToken cancellationToken)
    {
        var databasePath = Path.Combine(dataDirectory, "metadata.db");

        // Opening the store recovers the WAL as the restarted server would; the check then sees the crash's state.
        await using var metadata = await SqliteMetadataStore.OpenAsync(databasePath, cancellationToken);
        await InspectAsync(metadata, query => Task.FromResult(ReadSqliteIds(databasePath, query)), dataDirectory, tierDirectory, report, cancellationToken);
    }

    /// <summary>The stores of several nodes, with every one of them stopped: their PostgreSQL database and the directories they share.</summary>
    public static async Task InspectPostgresAsync(string connectionString, string dataDirectory, string tierDirectory, TortureReport report, CancellationToken cancellationToken)
    {
        await using var metadata = await PostgresMetadataStore.OpenAsync(connectionString, cancellationToken);
        await InspectAsync(metadata, query => ReadPostgresIdsAsync(connectionString, query, cancellationToken), dataDirectory, tierDirectory, report, cancellationToken);
    }

    /// <summary>The PostgreSQL store's integrity check alone, which may run beside serving nodes.</summary>
    public static async Task CheckPostgresIntegrityAsync(string connectionString, TortureReport report, CancellationToken cancellationToken)
    {
        await using var metadata = await PostgresMetadataStore.OpenAsync(connectionString, cancellationToken);
        await CheckIntegrityAsync(metadata, report, cancellationToken);
    }

    private static async Task InspectAsync(
        IMetadataStore metadata, Func<string, Task<HashSet<string>>> readIds, string dataDirectory, string tierDirectory, TortureReport report, CancellationToken cancellationToken)
    {
        var blobRoot = Path.Combine(dataDirectory, "blobs");

        // 1. The store's own invariants.
        await CheckIntegrityAsync(metadata, report, cancellationToken);

        // 2. The collector a node alone on its data directory runs at start-up. No request is alive, so every blob is
        //    old enough to judge and every temporary file is abandoned. Nodes that share the directory judge an orphan
        //    only by its age against an hour's grace (another node may be writing a blob this one never heard of), so on
        //    several nodes the orphans of this run's kills are rightly still there; with every node stopped nothing is
        //    being written, so here the sweep may judge them all, and the check below can then ask that every file left
        //    be referenced. (Counting only files older than the run would leave this run's orphans unchecked.)
        var blobs = new TieredBlobStore(
            new FileSystemBlobStore(blobRoot),
            new Dictionary<string, IBlobStore>(StringComparer.Ordinal) { [TierClass] = new FileSystemBlobStore(tierDirectory) });
        var collector = new BlobCollector(metadata, blobs, new BlobReleaser(metadata, blobs));
        var swept = await collector.CollectAsync(DateTimeOffset.MaxValue, TimeSpan.Zero, cancellationToken);
        report.Count(Figure.OrphanSwept, swept.OrphansDeleted);
        report.Count(Figure.ReleaseFinished, swept.QueuedDeleted);

        // 3. Disk against metadata, both ways: the data directory's blobs, then the tier's.
        var referenced = await readIds(ReferencedFilesQuery);
        var onDisk = new HashSet<string>(StringComparer.Ordinal);
        CompareFiles(blobRoot, "blobs", string.Empty, referenced, onDisk, report);
        CompareFiles(tierDirectory, "the GLACIER tier", TierClass + "/", referenced, onDisk, report);
        report.Count(Figure.TierBlobChecked, onDisk.Count(id => id.StartsWith(TierClass + "/", StringComparison.Ordinal)));

        foreach (var missing in referenced.Where(id => !onDisk.Contains(id)))
        {
            report.Add(ViolationKind.MissingBlob, $"blob {missing} is referenced but has no file");
        }

        foreach (var inline in await readIds(UnreferencedInlineQuery))
        {
            report.Add(ViolationKind.Orphan, $"inline blob {inline} is referenced by nothing");
        }

        foreach (var queued in await metadata.PendingBlobDeletionsAsync(100, cancellationToken))
        {
            report.Add(ViolationKind.Orphan, $"blob {queued} is still queued for deletion after the sweep");
        }
    }

    private static async Task CheckIntegrityAsync(IMetadataStore metadata, TortureReport report, CancellationToken cancellationToken)
    {
        foreach (var problem in await metadata.CheckIntegrityAsync(cancellationToken))
        {
            report.Add(ViolationKind.Integrity, problem);
        }
    }

    /// <summary>Each file under a blob root must be a blob at its place whose id (with the root's prefix) is referenced.</summary>
    private static void CompareFiles(string root, string label, string idPrefix, HashSet<string> referenced, HashSet<string> onDisk, TortureReport report)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            var name = Path.GetFileName(file);
            var isBlob = relative == Path.Combine(name[..Math.Min(2, name.Length)], name[Math.Min(2, name.Length)..Math.Min(4, name.Length)], name);
            if (isBlob && referenced.Contains(idPrefix + name))
            {
                onDisk.Add(idPrefix + name);
            }
            else
            {
                report.Add(ViolationKind.Orphan, $"after the sweep, {label}/{relative} is {(isBlob ? "referenced by nothing" : "no blob at all")}");
            }
        }
    }

    /// <summary>
    /// A plain read-only query beside the store: the ports have no "every referenced blob", and a
    /// checker that reads the tables itself does not share a bug with the code it checks. Both
    /// stores have the same tables and columns, so the queries serve both.
    /// </summary>
    private static HashSet<string> ReadSqliteIds(string databasePath, string query)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(connectionString.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = query;
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<HashSet<string>> ReadPostgresIdsAsync(string connectionString, string query, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(query, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
