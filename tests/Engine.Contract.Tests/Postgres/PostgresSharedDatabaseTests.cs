using System.Security.Cryptography;
using System.Text;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Postgres;
using Coffer.Engine.Versions;
using Coffer.TestKit.Postgres;

namespace Coffer.Engine.Contract.Tests.Postgres;

/// <summary>
/// What the contract cannot show of one store alone: two stores (two nodes) on one database, racing on the same keys,
/// and keys ordered by their bytes whatever the database's collation (the test cluster's is ICU en-US on purpose).
/// </summary>
public sealed class PostgresSharedDatabaseTests : IAsyncLifetime
{
    private const string Bucket = "shared";

    private string _database = "";
    private PostgresMetadataStore? _first;
    private PostgresMetadataStore? _second;

    private PostgresMetadataStore First => _first!;

    private PostgresMetadataStore Second => _second!;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.Shared.CreateDatabaseAsync();
        _first = await PostgresMetadataStore.OpenAsync(PostgresServer.Shared.ConnectionString(_database), CancellationToken.None);
        _second = await PostgresMetadataStore.OpenAsync(PostgresServer.Shared.ConnectionString(_database), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_first is not null)
        {
            await _first.DisposeAsync();
        }

        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        await PostgresServer.Shared.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task WriteKeyAsync_TwentyMustNotExistCreatesThroughTwoStores_ExactlyOneCommitted()
    {
        await CreateBucketAsync(BucketVersioning.Unversioned);
        var condition = new WriteCondition { MustNotExist = true };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? First : Second).CommitVersionAsync(Version("key"), condition, BlobOrigin.NewlyWritten, CancellationToken.None)));

        var committed = Assert.Single(outcomes, outcome => outcome.Status == CommitStatus.Committed);
        Assert.All(outcomes.Where(outcome => outcome != committed), outcome => Assert.Equal(CommitStatus.ConditionFailed, outcome.Status));
        Assert.Equal(committed.Stored!.ETag, (await Second.GetLatestAsync(Bucket, "key", CancellationToken.None))?.ETag);
        Assert.Empty(await First.CheckIntegrityAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WriteKeyAsync_TwentyVersionsOfOneKeyThroughTwoStores_EveryOneKeptOnceWithOneLatest()
    {
        await CreateBucketAsync(BucketVersioning.Enabled);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? First : Second).CommitVersionAsync(
                Version("key") with { VersionId = VersionIds.New() }, WriteCondition.None, BlobOrigin.NewlyWritten, CancellationToken.None)));

        Assert.All(outcomes, outcome => Assert.Equal(CommitStatus.Committed, outcome.Status));
        var listed = await First.ScanVersionsAsync(Bucket, ReadOnlyMemory<byte>.Empty, null, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, 100, CancellationToken.None);
        Assert.Equal(
            outcomes.Select(outcome => outcome.Stored!.VersionId).Order(StringComparer.Ordinal),
            listed.Select(entry => entry.Version!.VersionId).Order(StringComparer.Ordinal));
        var latest = Assert.Single(listed, entry => entry.Version!.IsLatest);
        Assert.Equal(listed[0], latest);
        Assert.Empty(await First.CheckIntegrityAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ScanAsync_KeysWithNonAsciiBytes_ListInByteOrder()
    {
        await CreateBucketAsync(BucketVersioning.Unversioned);
        string[] keys = ["a", "B", "é", "e", "E", "z", "Z", "ß", "日本", "\u0001x", "Å", "a b", "a-b", "a_b", "😀", "\uFF5E"];
        foreach (var key in keys)
        {
            await First.CommitVersionAsync(Version(key), WriteCondition.None, BlobOrigin.NewlyWritten, CancellationToken.None);
        }

        var listed = await Second.ScanAsync(Bucket, ReadOnlyMemory<byte>.Empty, false, ReadOnlyMemory<byte>.Empty, 100, CancellationToken.None);

        Assert.Equal(InByteOrder(keys), listed.Select(version => version.Key));
    }

    [Fact]
    public async Task ScanGroupedAsync_NonAsciiKeysAndDelimiter_GroupsAndListsInByteOrder()
    {
        await CreateBucketAsync(BucketVersioning.Unversioned);
        string[] keys = ["é→1", "é→2", "e→1", "E", "ß→x→y", "日本", "Z→"];
        foreach (var key in keys)
        {
            await First.CommitVersionAsync(Version(key), WriteCondition.None, BlobOrigin.NewlyWritten, CancellationToken.None);
        }

        var listed = await Second.ScanGroupedAsync(
            Bucket, ReadOnlyMemory<byte>.Empty, false, ReadOnlyMemory<byte>.Empty, Encoding.UTF8.GetBytes("→"), 100, CancellationToken.None);

        Assert.Equal(InByteOrder(["é→", "e→", "E", "ß→", "日本", "Z→"]), listed.Select(entry => entry.Key));
        Assert.Equal(["E", "日本"], listed.Where(entry => !entry.IsCommonPrefix).Select(entry => entry.Key).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> InByteOrder(IEnumerable<string> keys) =>
        keys.OrderBy(key => Encoding.UTF8.GetBytes(key), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y)));

    private async Task CreateBucketAsync(BucketVersioning versioning) =>
        Assert.True(await First.CreateBucketAsync(
            new BucketInfo(Bucket, "us-east-1", "owner", DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
            {
                Versioning = versioning,
            },
            CancellationToken.None));

    private static ObjectInfo Version(string key) => new()
    {
        Bucket = Bucket,
        Key = key,
        VersionId = "null",
        Size = 100,
        ETag = $"\"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}\"",
        LastModified = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
        Attributes = ObjectAttributes.Default,
        Segments = [new BlobSegment(BlobId.New(), 100)],
    };
}
