using System.Diagnostics;
using System.Globalization;

using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.Engine.Sqlite;

namespace Coffer.Bench.Micro.Listing;

/// <summary>
/// A versioned bucket of 1,000,000 versions on the real <see cref="SqliteMetadataStore"/>: keys <c>v000000</c> to
/// <c>v099999</c> with 10 versions each, and on every tenth key the newest is a delete marker (so ListObjectsV2 skips
/// that key, and ListObjectVersions lists the marker).
/// </summary>
/// <remarks>
/// Built as <see cref="BigBucket"/> is, with the store's own row writer in one transaction, and cached under the
/// system temp folder by schema version. An older version is written as the latest, then demoted, as the version
/// rules do: the order of the rows is the order a client's PUTs would have given them.
/// </remarks>
internal static class BigVersionedBucket
{
    public const int KeyCount = 100_000;

    public const int VersionsPerKey = 10;

    public const int VersionCount = KeyCount * VersionsPerKey;

    private const string EmptyETag = "\"d41d8cd98f00b204e9800998ecf8427e\"";

    public static BucketName Bucket { get; } = BucketName.TryParse("bench-versions", out var name) ? name.Value : throw new InvalidOperationException();

    public static string KeyOf(int index) => string.Create(CultureInfo.InvariantCulture, $"v{index:D6}");

    public static async Task<SqliteMetadataStore> OpenAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "coffer-bench-listing", $"versions-{VersionCount}-schema{Migrations.Steps.Count}.db");
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

        await using (var store = await SqliteMetadataStore.OpenAsync(building, CancellationToken.None))
        {
            var buckets = new BucketEngine(store, TimeProvider.System);
            await buckets.CreateAsync(Bucket, "us-east-1", "bench", CancellationToken.None);
            await buckets.SetVersioningAsync(Bucket, BucketVersioning.Enabled, CancellationToken.None);
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
                var keyBytes = KeyBytes.Encode(key);
                long? previous = null;
                for (var v = 0; v < VersionsPerKey; v++)
                {
                    if (previous is { } row)
                    {
                        VersionRows.Update(session, row, "is_latest", 0);
                    }

                    var version = new ObjectInfo
                    {
                        Bucket = Bucket.Value,
                        Key = key,
                        VersionId = VersionIds.New(),
                        Size = 0,
                        ETag = EmptyETag,
                        LastModified = now,
                        Attributes = new ObjectAttributes { Headers = headers, Owner = "bench" },
                        IsDeleteMarker = i % 10 == 0 && v == VersionsPerKey - 1,
                    };
                    previous = VersionRows.InsertLatest(session, version, keyBytes);
                }
            }

            transaction.Commit();
            session.Transaction = null;
        }

        File.Move(building, path);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"// Setup: {VersionCount:N0} versions written to {path} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
    }
}
