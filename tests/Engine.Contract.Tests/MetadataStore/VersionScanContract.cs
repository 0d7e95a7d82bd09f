using System.Globalization;
using System.Text;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

/// <summary>
/// ListObjectVersions' scan (<see cref="IMetadataStore.ScanVersionsAsync"/>): every version and delete marker, by key
/// (UTF-8 bytes), newest first, after a key or a version, with common prefixes.
/// </summary>
public abstract class VersionScanContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    [Fact]
    public async Task ScanVersionsAsync_VersionsAndMarkers_ByKeyThenNewestFirst()
    {
        var bucket = await CreateVersionedBucketAsync();
        var b1 = await PutAsync(bucket, "b", Segment());
        var a1 = await PutAsync(bucket, "a", Segment());
        var b2 = await PutAsync(bucket, "b", Segment());
        var marker = (await Store.DeleteCurrentAsync(bucket, "b", WriteCondition.None, None)).Stored!;
        var a2 = await PutAsync(bucket, "a", Segment());

        var entries = await ScanAsync(bucket);

        Assert.Equal([a2.VersionId, a1.VersionId, marker.VersionId, b2.VersionId, b1.VersionId], entries.Select(entry => entry.Version!.VersionId));
        Assert.Equal(["a", "a", "b", "b", "b"], entries.Select(entry => entry.Key));
        Assert.Equal([true, false, true, false, false], entries.Select(entry => entry.Version!.IsLatest));
        Assert.Equal([false, false, true, false, false], entries.Select(entry => entry.Version!.IsDeleteMarker));
    }

    [Fact]
    public async Task ScanVersionsAsync_AfterAVersion_StartsWithTheOlderVersionsOfItsKey()
    {
        var bucket = await CreateVersionedBucketAsync();
        var k = await PutVersionsAsync(bucket, "k", 4);
        var next = await PutAsync(bucket, "l", Segment());

        var entries = await ScanAsync(bucket, "k", k[2].VersionId);

        Assert.Equal([k[1].VersionId, k[0].VersionId, next.VersionId], entries.Select(entry => entry.Version!.VersionId));
    }

    [Fact]
    public async Task ScanVersionsAsync_AfterAKey_SkipsEveryVersionOfIt()
    {
        var bucket = await CreateVersionedBucketAsync();
        await PutVersionsAsync(bucket, "k", 3);
        var next = await PutAsync(bucket, "k0", Segment());

        var entries = await ScanAsync(bucket, "k");

        Assert.Equal([next.VersionId], entries.Select(entry => entry.Version!.VersionId));
    }

    [Fact]
    public async Task ScanVersionsAsync_AfterAVersionTheKeyNoLongerHas_StartsAtTheNextKey()
    {
        var bucket = await CreateVersionedBucketAsync();
        var k = await PutVersionsAsync(bucket, "k", 3);
        var next = await PutAsync(bucket, "l", Segment());
        await Store.DeleteVersionAsync(bucket, "k", k[1].VersionId, false, Now(), None);

        Assert.Equal([next.VersionId], (await ScanAsync(bucket, "k", k[1].VersionId)).Select(entry => entry.Version!.VersionId));
        Assert.Equal([next.VersionId], (await ScanAsync(bucket, "k", VersionIds.New())).Select(entry => entry.Version!.VersionId));
    }

    [Fact]
    public async Task ScanVersionsAsync_AfterTheNullVersion_ListsTheVersionsStoredBeforeIt()
    {
        var bucket = await CreateVersionedBucketAsync();
        var first = await PutAsync(bucket, "k", Segment());
        await SetVersioningAsync(bucket, BucketVersioning.Suspended);
        var nullVersion = await PutAsync(bucket, "k", Segment());
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        var newest = await PutAsync(bucket, "k", Segment());

        Assert.Equal([newest.VersionId, "null", first.VersionId], (await ScanAsync(bucket)).Select(entry => entry.Version!.VersionId));
        Assert.Equal([first.VersionId], (await ScanAsync(bucket, "k", nullVersion.VersionId)).Select(entry => entry.Version!.VersionId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(40)]
    public async Task ScanVersionsAsync_PagedAfterEachLastEntry_ReturnsEveryVersionOnce(int pageSize)
    {
        var bucket = await CreateVersionedBucketAsync();
        await PutVersionsAsync(bucket, "a", 2);
        await PutVersionsAsync(bucket, "many", 25);
        await Store.DeleteCurrentAsync(bucket, "many", WriteCondition.None, None);
        await PutVersionsAsync(bucket, "z", 1);

        var all = await ScanAsync(bucket);
        var paged = await PageThroughAsync(bucket, "", "", pageSize);

        Assert.Equal(29, all.Count);
        Assert.Equal(all.Select(entry => entry.Version!.VersionId), paged.Select(entry => entry.Version!.VersionId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(100)]
    public async Task ScanVersionsAsync_GroupedAndPaged_ReturnsEachPrefixAndVersionOnce(int pageSize)
    {
        var bucket = await CreateVersionedBucketAsync();
        await PutVersionsAsync(bucket, "a.txt", 3);
        await PutVersionsAsync(bucket, "a/1", 4);
        await PutVersionsAsync(bucket, "a/2", 2);
        await PutVersionsAsync(bucket, "b", 6);
        await PutVersionsAsync(bucket, "c/x/y", 1);
        await PutVersionsAsync(bucket, "d", 2);

        var all = await ScanAsync(bucket, delimiter: "/");
        var paged = await PageThroughAsync(bucket, "", "/", pageSize);

        Assert.Equal(["a.txt", "a.txt", "a.txt", "a/", "b", "b", "b", "b", "b", "b", "c/", "d", "d"], all.Select(entry => entry.Key));
        Assert.Equal(all.Select(Describe), paged.Select(Describe));
    }

    [Fact]
    public async Task ScanVersionsAsync_PrefixHoldingOnlyADeleteMarker_IsListed()
    {
        var bucket = await CreateVersionedBucketAsync();
        await Store.DeleteCurrentAsync(bucket, "gone/a", WriteCondition.None, None);
        await PutAsync(bucket, "kept", Segment());

        var entries = await ScanAsync(bucket, delimiter: "/");

        Assert.Equal([("gone/", true), ("kept", false)], entries.Select(entry => (entry.Key, entry.IsCommonPrefix)));
    }

    [Fact]
    public async Task ScanVersionsAsync_Limit_CountsPrefixesAndVersions()
    {
        var bucket = await CreateVersionedBucketAsync();
        await PutVersionsAsync(bucket, "a/1", 2);
        await PutVersionsAsync(bucket, "b", 3);

        Assert.Equal(["a/", "b", "b"], (await ScanAsync(bucket, delimiter: "/", limit: 3)).Select(entry => entry.Key));
        Assert.Empty(await ScanAsync(bucket, delimiter: "/", limit: 0));
    }

    [Fact]
    public async Task ScanVersionsAsync_MarkerUnderACommonPrefix_StartsPastIt()
    {
        var bucket = await CreateVersionedBucketAsync();
        var a = await PutVersionsAsync(bucket, "a/1", 3);
        await PutAsync(bucket, "a/2", Segment());
        await PutAsync(bucket, "b", Segment());

        Assert.Equal(["b"], (await ScanAsync(bucket, "a/", delimiter: "/")).Select(entry => entry.Key));
        Assert.Equal(["b"], (await ScanAsync(bucket, "a/1", a[1].VersionId, delimiter: "/")).Select(entry => entry.Key));
    }

    [Fact]
    public async Task ScanVersionsAsync_WithPrefix_ListsOnlyItsKeysWhateverTheMarker()
    {
        var bucket = await CreateVersionedBucketAsync();
        var outside = await PutVersionsAsync(bucket, "a", 2);
        await PutVersionsAsync(bucket, "p/1", 2);
        await PutAsync(bucket, "p/2/x", Segment());
        await PutAsync(bucket, "q", Segment());

        Assert.Equal(["p/1", "p/1", "p/2/x"], (await ScanAsync(bucket, prefix: "p/")).Select(entry => entry.Key));
        Assert.Equal(["p/1", "p/1", "p/2/x"], (await ScanAsync(bucket, "a", outside[1].VersionId, prefix: "p/")).Select(entry => entry.Key));
        Assert.Equal(["p/1", "p/1", "p/2/"], (await ScanAsync(bucket, prefix: "p/", delimiter: "/")).Select(entry => entry.Key));
        Assert.Empty(await ScanAsync(bucket, "q", prefix: "p/"));
    }

    [Fact]
    public async Task ScanVersionsAsync_AwkwardKeys_InByteOrderAndGroupedOnWholeCharacters()
    {
        // "→" is E2 86 92; "↑" (E2 86 91) shares its first two bytes; U+10FFFF is F4 8F BF BF, below the 0xFF seek.
        var bucket = await CreateVersionedBucketAsync();
        foreach (var key in new[] { "a→b", "a↑b", "é→1", "\U0010FFFF→x", "\U0010FFFFz", "a-b" })
        {
            await PutVersionsAsync(bucket, key, 2);
        }

        Assert.Equal(
            ["a-b", "a-b", "a↑b", "a↑b", "a→b", "a→b", "é→1", "é→1", "\U0010FFFFz", "\U0010FFFFz", "\U0010FFFF→x", "\U0010FFFF→x"],
            (await ScanAsync(bucket)).Select(entry => entry.Key));
        Assert.Equal(
            ["a-b", "a-b", "a↑b", "a↑b", "a→", "é→", "\U0010FFFFz", "\U0010FFFFz", "\U0010FFFF→"],
            (await ScanAsync(bucket, delimiter: "→")).Select(entry => entry.Key));
    }

    [Fact]
    public async Task ScanVersionsAsync_Versions_CarryTheirSegments()
    {
        var bucket = await CreateVersionedBucketAsync();
        var older = await PutAsync(bucket, "k", Segment(1), Segment(2));
        var newer = await PutAsync(bucket, "k", Segment(3));

        var entries = await ScanAsync(bucket, delimiter: "/");

        Assert.Equal([newer.Segments, older.Segments], entries.Select(entry => entry.Version!.Segments));
        Assert.Equal([newer.ETag, older.ETag], entries.Select(entry => entry.Version!.ETag));
    }

    private async Task<string> CreateVersionedBucketAsync()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        return bucket;
    }

    /// <summary>Stores <paramref name="count"/> versions of the key; returns them oldest first.</summary>
    private async Task<List<ObjectInfo>> PutVersionsAsync(string bucket, string key, int count)
    {
        var versions = new List<ObjectInfo>();
        for (var i = 0; i < count; i++)
        {
            versions.Add(await PutAsync(bucket, key, Segment()));
        }

        return versions;
    }

    private async Task<IReadOnlyList<ScanEntry>> ScanAsync(
        string bucket, string afterKey = "", string? afterVersionId = null, string prefix = "", string delimiter = "", int limit = 10_000) =>
        await Store.ScanVersionsAsync(
            bucket, Encoding.UTF8.GetBytes(afterKey), afterVersionId, Encoding.UTF8.GetBytes(prefix), Encoding.UTF8.GetBytes(delimiter), limit, None);

    /// <summary>Pages through the listing as ListObjectVersions does: each page starts after the last entry of the one before.</summary>
    private async Task<List<ScanEntry>> PageThroughAsync(string bucket, string prefix, string delimiter, int pageSize)
    {
        var all = new List<ScanEntry>();
        var (afterKey, afterVersion) = ("", (string?)null);
        for (var pages = 0; pages < 1000; pages++)
        {
            var page = await ScanAsync(bucket, afterKey, afterVersion, prefix, delimiter, pageSize);
            all.AddRange(page);
            if (page.Count < pageSize)
            {
                return all;
            }

            (afterKey, afterVersion) = (page[^1].Key, page[^1].Version?.VersionId);
        }

        throw new InvalidOperationException("The listing never ended.");
    }

    private static string Describe(ScanEntry entry) =>
        entry.IsCommonPrefix ? entry.Key + " (prefix)" : string.Create(CultureInfo.InvariantCulture, $"{entry.Key} {entry.Version!.VersionId}");
}
