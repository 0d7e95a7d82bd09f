using System.Globalization;

using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.Engine.Sqlite;
using Coffer.Engine.Storage;

namespace Coffer.Bench.Micro.Listing;

/// <summary>
/// A bucket of 1,000,000 zero-byte objects on the real <see cref="SqliteMetadataStore"/>: keys <c>p00000/k000</c> to
/// <c>p09999/k099</c>, so 10,000 common prefixes of 100 keys each under the delimiter <c>/</c>.
/// </summary>
/// <remarks>
/// Through the store's public API every object is one fsynced transaction, some 17 minutes for a million. So the
/// rows are inserted once, with the store's own row writer (<see cref="VersionRows.InsertLatest"/>), in one
/// transaction, into a <see cref="CachedDatabase"/> that later runs reuse as it is.
/// </remarks>
internal static class BigBucket
{
    public const int PrefixCount = 10_000;

    public const int KeysPerPrefix = 100;

    public const int KeyCount = PrefixCount * KeysPerPrefix;

    /// <summary>The ETag of empty content, as a zero-byte PUT stores it (with no blob and no segment).</summary>
    public const string EmptyETag = "\"d41d8cd98f00b204e9800998ecf8427e\"";

    public static BucketName Bucket { get; } = BucketName.TryParse("bench", out var name) ? name.Value : throw new InvalidOperationException();

    public static string KeyOf(int index) => string.Create(
        CultureInfo.InvariantCulture, $"p{index / KeysPerPrefix:D5}/k{index % KeysPerPrefix:D3}");

    /// <summary>Opens the store over the cached database, building the database first when there is none.</summary>
    public static Task<SqliteMetadataStore> OpenAsync() => CachedDatabase.OpenAsync(
        $"metadata-{KeyCount}",
        store => new BucketEngine(store, TimeProvider.System).CreateAsync(Bucket, "us-east-1", "bench", CancellationToken.None),
        InsertRows);

    private static void InsertRows(SqliteSession session)
    {
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
    }
}
