using System.Diagnostics;
using System.Globalization;

using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.Engine.Sqlite;

namespace Coffer.Bench.Micro.Listing;

/// <summary>
/// A bucket of 1,000,000 zero-byte objects on the real <see cref="SqliteMetadataStore"/>: keys <c>p00000/k000</c> to
/// <c>p09999/k099</c>, so 10,000 common prefixes of 100 keys each under the delimiter <c>/</c>.
/// </summary>
/// <remarks>
/// Through the store's public API every object is one fsynced transaction, some 17 minutes for a million. So the
/// rows are inserted once, with the store's own row writer (<see cref="VersionRows.InsertLatest"/>), in one
/// transaction, into a database under the system temp folder that later runs reuse as it is: listings only read it.
/// Its name carries the schema version, so a new migration step means a fresh file rather than a stale one.
/// </remarks>
internal static class BigBucket
{
    public const int PrefixCount = 10_000;

    public const int KeysPerPrefix = 100;

    public const int KeyCount = PrefixCount * KeysPerPrefix;

    /// <summary>The ETag of empty content, as a zero-byte PUT stores it (with no blob and no segment).</summary>
    private const string EmptyETag = "\"d41d8cd98f00b204e9800998ecf8427e\"";

    public static BucketName Bucket { get; } = BucketName.TryParse("bench", out var name) ? name.Value : throw new InvalidOperationException();

    public static string KeyOf(int index) => string.Create(
        CultureInfo.InvariantCulture, $"p{index / KeysPerPrefix:D5}/k{index % KeysPerPrefix:D3}");

    /// <summary>Opens the store over the cached database, building the database first when there is none.</summary>
    public static async Task<SqliteMetadataStore> OpenAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "coffer-bench-listing", $"metadata-{KeyCount}-schema{Migrations.Steps.Count}.db");
        if (!File.Exists(path))
        {
            await BuildAsync(path);
        }

        return await SqliteMetadataStore.OpenAsync(path, CancellationToken.None);
    }

    private static async Task BuildAsync(string path)
    {
        var started = Stopwatch.GetTimestamp();
        var building = path + ".building";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        foreach (var leftover in new[] { building, building + "-wal", building + "-shm" })
        {
            File.Delete(leftover);
        }

        // The schema and the bucket through the public API, then the store is closed: the rows go in beside it.
        await using (var store = await SqliteMetadataStore.OpenAsync(building, CancellationToken.None))
        {
            await new BucketEngine(store, TimeProvider.System).CreateAsync(Bucket, "us-east-1", "bench", CancellationToken.None);
        }

        using (var session = SqliteConnections.OpenWriter(building))
        {
            using var transaction = session.Connection.BeginTransaction(deferred: false);
            session.Transaction = transaction;
            var now = DateTimeOffset.UtcNow;
            var headers = new ObjectHeaders { ContentType = "binary/octet-stream" };
            for (var i = 0; i < KeyCount; i++)
            {
                var key = KeyOf(i);
                var version = new ObjectInfo
                {
                    Bucket = Bucket.Value,
                    Key = key,
                    VersionId = VersionIds.Null,
                    Size = 0,
                    ETag = EmptyETag,
                    LastModified = now,
                    Attributes = new ObjectAttributes { Headers = headers, Owner = "bench" },
                };
                VersionRows.InsertLatest(session, version, KeyBytes.Encode(key));
            }

            transaction.Commit();
            session.Transaction = null;
        }

        // The WAL is folded into the database when its last connection closes; only then is the file complete.
        File.Move(building, path);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"// Setup: {KeyCount:N0} objects written to {path} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
    }
}
