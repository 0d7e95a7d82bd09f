using System.Globalization;

using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.Engine.Sqlite;
using Coffer.Engine.Storage;

namespace Coffer.Bench.Micro.Listing;

/// <summary>
/// A versioned bucket of 1,000,000 versions on the real <see cref="SqliteMetadataStore"/>: keys <c>v000000</c> to
/// <c>v099999</c> with 10 versions each, and on every tenth key the newest is a delete marker (so ListObjectsV2 skips
/// that key, and ListObjectVersions lists the marker).
/// </summary>
/// <remarks>
/// Built as <see cref="BigBucket"/> is, with the store's own row writer in one transaction, into a
/// <see cref="CachedDatabase"/>. An older version is written as the latest, then demoted, as the version
/// rules do: the order of the rows is the order a client's PUTs would have given them.
/// </remarks>
internal static class BigVersionedBucket
{
    public const int KeyCount = 100_000;

    public const int VersionsPerKey = 10;

    public const int VersionCount = KeyCount * VersionsPerKey;

    public static BucketName Bucket { get; } = BucketName.TryParse("bench-versions", out var name) ? name.Value : throw new InvalidOperationException();

    public static string KeyOf(int index) => string.Create(CultureInfo.InvariantCulture, $"v{index:D6}");

    public static Task<SqliteMetadataStore> OpenAsync() => CachedDatabase.OpenAsync($"versions-{VersionCount}", store => CreateVersionedAsync(store, Bucket), InsertRows);

    public static async Task CreateVersionedAsync(SqliteMetadataStore store, BucketName bucket)
    {
        var buckets = new BucketEngine(store, TimeProvider.System);
        await buckets.CreateAsync(bucket, "us-east-1", "bench", CancellationToken.None);
        await buckets.SetVersioningAsync(bucket, BucketVersioning.Enabled, CancellationToken.None);
    }

    private static void InsertRows(SqliteSession session)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < KeyCount; i++)
        {
            InsertVersions(session, Bucket, KeyOf(i), VersionsPerKey, v => i % 10 == 0 && v == VersionsPerKey - 1, now);
        }
    }

    /// <summary>
    /// <paramref name="count"/> versions of one key, oldest first, each written as the latest and then demoted as the
    /// version rules do; <paramref name="isMarker"/> says which (by their order, from 0) are delete markers.
    /// </summary>
    public static void InsertVersions(SqliteSession session, BucketName bucket, string key, int count, Func<int, bool> isMarker, DateTimeOffset now)
    {
        var headers = new ObjectHeaders { ContentType = "binary/octet-stream" };
        var keyBytes = KeyBytes.Encode(key);
        long? previous = null;
        for (var v = 0; v < count; v++)
        {
            if (previous is { } row)
            {
                VersionRows.Update(session, row, "is_latest", 0);
            }

            var version = new ObjectInfo
            {
                Bucket = bucket.Value,
                Key = key,
                VersionId = VersionIds.New(),
                Size = 0,
                ETag = BigBucket.EmptyETag,
                LastModified = now,
                Attributes = new ObjectAttributes { Headers = headers, Owner = "bench" },
                IsDeleteMarker = isMarker(v),
            };
            previous = VersionRows.InsertLatest(session, version, keyBytes);
        }
    }
}
