using Coffer.Engine.FileSystem;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Ports;
using Coffer.Engine.Sqlite;
using Coffer.Engine.Tiers;

using Microsoft.Data.Sqlite;

namespace Coffer.Torture.Verification;

/// <summary>
/// What a killed server left on disk, seen with the server's own stores while it is down: the
/// metadata store's integrity check, then the real start-up sweep, then every file under blobs/
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

    public static async Task InspectAsync(string dataDirectory, string tierDirectory, TortureReport report, CancellationToken cancellationToken)
    {
        var databasePath = Path.Combine(dataDirectory, "metadata.db");
        var blobRoot = Path.Combine(dataDirectory, "blobs");

        // 1. Opening the store recovers the WAL as the restarted server would; the check then sees the crash's state.
        await using var metadata = await SqliteMetadataStore.OpenAsync(databasePath, cancellationToken);
        foreach (var problem in await metadata.CheckIntegrityAsync(cancellationToken))
        {
            report.Add(ViolationKind.Integrity, problem);
        }

        // 2. The collector the server runs at start-up. No request is alive, so every blob is old
        //    enough to judge and every temporary file is abandoned.
        var blobs = new TieredBlobStore(
            new FileSystemBlobStore(blobRoot),
            new Dictionary<string, IBlobStore>(StringComparer.Ordinal) { [TierClass] = new FileSystemBlobStore(tierDirectory) });
        var collector = new BlobCollector(metadata, blobs, new BlobReleaser(metadata, blobs));
        var swept = await collector.CollectAsync(DateTimeOffset.MaxValue, TimeSpan.Zero, cancellationToken);
        report.Count(Figure.OrphanSwept, swept.OrphansDeleted);
        report.Count(Figure.ReleaseFinished, swept.QueuedDeleted);

        // 3. Disk against metadata, both ways: the data directory's blobs, then the tier's.
        var referenced = ReadIds(databasePath, ReferencedFilesQuery);
        var onDisk = new HashSet<string>(StringComparer.Ordinal);
        CompareFiles(blobRoot, "blobs", string.Empty, referenced, onDisk, report);
        CompareFiles(tierDirectory, "the GLACIER tier", TierClass + "/", referenced, onDisk, report);
        report.Count(Figure.TierBlobChecked, onDisk.Count(id => id.StartsWith(TierClass + "/", StringComparison.Ordinal)));

        foreach (var missing in referenced.Where(id => !onDisk.Contains(id)))
        {
            report.Add(ViolationKind.MissingBlob, $"blob {missing} is referenced but has no file");
        }

        foreach (var inline in ReadIds(databasePath, UnreferencedInlineQuery))
        {
            report.Add(ViolationKind.Orphan, $"inline blob {inline} is referenced by nothing");
        }

        foreach (var queued in await metadata.PendingBlobDeletionsAsync(100, cancellationToken))
        {
            report.Add(ViolationKind.Orphan, $"blob {queued} is still queued for deletion after the sweep");
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
    /// checker that reads the tables itself does not share a bug with the code it checks.
    /// </summary>
    private static HashSet<string> ReadIds(string databasePath, string query)
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
}
