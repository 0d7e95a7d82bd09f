using Coffer.Engine.Model;
using Coffer.Engine.Sqlite;

namespace Coffer.Bench.Micro.Listing;

/// <summary>
/// One key with 100,000 versions (every tenth a delete marker) between two ordinary keys of 10 versions each
/// (<c>a</c> before it, <c>z</c> after), on the real <see cref="SqliteMetadataStore"/>: the other half of issue 15's
/// O(page) target, a page deep inside one key's history. Built as <see cref="BigVersionedBucket"/> is.
/// </summary>
internal static class DeepVersionedKey
{
    public const string Before = "a";

    public const string Key = "deep";

    public const int VersionCount = 100_000;

    public static BucketName Bucket { get; } = BucketName.TryParse("bench-deep-key", out var name) ? name.Value : throw new InvalidOperationException();

    public static Task<SqliteMetadataStore> OpenAsync() =>
        CachedDatabase.OpenAsync($"deep-key-{VersionCount}", store => BigVersionedBucket.CreateVersionedAsync(store, Bucket), InsertRows);

    private static void InsertRows(SqliteSession session)
    {
        var now = DateTimeOffset.UtcNow;
        BigVersionedBucket.InsertVersions(session, Bucket, Before, 10, _ => false, now);
        BigVersionedBucket.InsertVersions(session, Bucket, Key, VersionCount, v => v % 10 == 9, now);
        BigVersionedBucket.InsertVersions(session, Bucket, "z", 10, _ => false, now);
    }
}
