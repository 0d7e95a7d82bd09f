using System.Diagnostics;
using System.Globalization;

using Coffer.Engine.Sqlite;

namespace Coffer.Bench.Micro.Listing;

/// <summary>
/// A benchmark database built once and reused as it is: under the system temp folder, its name carrying the schema
/// version, so a new migration step means a fresh file rather than a stale one. Listings only read it.
/// </summary>
internal static class CachedDatabase
{
    /// <param name="name">The file's name, without the schema suffix.</param>
    /// <param name="prepare">Runs through the store's public API first (the schema, buckets); the store is closed after.</param>
    /// <param name="insertRows">Inserts the rows beside the store, inside one transaction on a writer session.</param>
    public static async Task<SqliteMetadataStore> OpenAsync(string name, Func<SqliteMetadataStore, Task> prepare, Action<SqliteSession> insertRows)
    {
        var path = Path.Combine(Path.GetTempPath(), "coffer-bench-listing", $"{name}-schema{Migrations.Steps.Count}.db");
        if (!File.Exists(path))
        {
            await BuildAsync(path, prepare, insertRows);
        }

        return await SqliteMetadataStore.OpenAsync(path, CancellationToken.None);
    }

    private static async Task BuildAsync(string path, Func<SqliteMetadataStore, Task> prepare, Action<SqliteSession> insertRows)
    {
        var started = Stopwatch.GetTimestamp();
        var building = path + ".building";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        foreach (var leftover in new[] { building, building + "-wal", building + "-shm" })
        {
            File.Delete(leftover);
        }

        await using (var store = await SqliteMetadataStore.OpenAsync(building, CancellationToken.None))
        {
            await prepare(store);
        }

        using (var session = SqliteConnections.OpenWriter(building))
        {
            using var transaction = session.Connection.BeginTransaction(deferred: false);
            session.Transaction = transaction;
            insertRows(session);
            transaction.Commit();
            session.Transaction = null;
        }

        // The WAL is folded into the database when its last connection closes; only then is the file complete.
        File.Move(building, path);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"// Setup: {path} written in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
    }
}
