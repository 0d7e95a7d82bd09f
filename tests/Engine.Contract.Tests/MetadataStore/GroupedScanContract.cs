using System.Globalization;
using System.Text;

using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

public abstract class GroupedScanContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    [Fact]
    public async Task ScanGroupedAsync_ManyPrefixes_OneEntryEachInKeyOrder()
    {
        // "p007.txt" sorts before "p007/" ('.' is 0x2E, '/' 0x2F), so keys and prefixes interleave.
        var keys = Enumerable.Range(0, 60).SelectMany(i => new[] { Name(i) + "/a", Name(i) + "/b", Name(i) + ".txt" }).ToArray();
        var bucket = await CreatePopulatedBucketAsync(keys);

        var entries = await EntriesAsync(bucket, "", "/", 1000);

        Assert.Equal(Enumerable.Range(0, 60).SelectMany(i => new[] { Name(i) + ".txt", Name(i) + "/" }), entries.Select(entry => entry.Key));
        Assert.All(entries, entry => Assert.Equal(entry.Key.EndsWith('/'), entry.IsCommonPrefix));
    }

    [Fact]
    public async Task ScanGroupedAsync_Limit_CountsPrefixesAndVersions()
    {
        var bucket = await CreatePopulatedBucketAsync("a/1", "a/2", "b", "c/1", "d");

        Assert.Equal(["a/", "b", "c/"], (await EntriesAsync(bucket, "", "/", 3)).Select(entry => entry.Key));
        Assert.Empty(await EntriesAsync(bucket, "", "/", 0));
    }

    [Fact]
    public async Task ScanGroupedAsync_KeyEndingInTheDelimiter_IsItsOwnCommonPrefix()
    {
        var bucket = await CreatePopulatedBucketAsync("dir/", "dir/a", "dir0", "solo/");

        var entries = await EntriesAsync(bucket, "", "/", 100);

        Assert.Equal([("dir/", true), ("dir0", false), ("solo/", true)], entries.Select(entry => (entry.Key, entry.IsCommonPrefix)));
    }

    [Fact]
    public async Task ScanGroupedAsync_MultiByteDelimiter_GroupsOnItsWholeCharacter()
    {
        // "→" is E2 86 92; "↑" (E2 86 91) shares its first two bytes and must not count as the delimiter.
        var bucket = await CreatePopulatedBucketAsync("a→b", "a→c", "a-b", "a↑b", "b→", "b→→x", "é→1", "é→2");

        var entries = await EntriesAsync(bucket, "", "→", 100);

        Assert.Equal(["a-b", "a↑b", "a→", "b→", "é→"], entries.Select(entry => entry.Key));
    }

    [Fact]
    public async Task ScanGroupedAsync_KeysWithTheHighestCodePoints_AreSkippedWithTheirPrefix()
    {
        // U+10FFFF is F4 8F BF BF and U+FFFF is EF BF BF: the highest bytes a key can hold, still below the 0xFF seek.
        var bucket = await CreatePopulatedBucketAsync("d/\U0010FFFF", "d/\uFFFF", "d/z", "d\U0010FFFF", "\U0010FFFF/a", "\U0010FFFF/\U0010FFFF", "\U0010FFFFz");

        Assert.Equal(["d/", "d\U0010FFFF", "\U0010FFFF/", "\U0010FFFFz"], (await EntriesAsync(bucket, "", "/", 100)).Select(entry => entry.Key));
        Assert.Equal(["\U0010FFFF/", "\U0010FFFFz"], (await EntriesAsync(bucket, "\U0010FFFF", "/", 100)).Select(entry => entry.Key));
    }

    [Fact]
    public async Task ScanGroupedAsync_WithPrefix_GroupsOnlyAfterIt()
    {
        var bucket = await CreatePopulatedBucketAsync("photos/2025/a.jpg", "photos/2025/b.jpg", "photos/x.jpg", "photos0/y", "other/q");

        var entries = await EntriesAsync(bucket, "photos/", "/", 100);

        Assert.Equal(["photos/2025/", "photos/x.jpg"], entries.Select(entry => entry.Key));
    }

    [Fact]
    public async Task ScanGroupedAsync_AfterPastAPrefix_ContinuesBehindIt()
    {
        var bucket = await CreatePopulatedBucketAsync("a/1", "a/2", "a0", "b/1");
        byte[] pastA = [.. Encoding.UTF8.GetBytes("a/"), 0xFF];

        var entries = await Store.ScanGroupedAsync(bucket, pastA, false, default, Encoding.UTF8.GetBytes("/"), 100, None);

        Assert.Equal(["a0", "b/"], entries.Select(entry => entry.Key));
    }

    [Fact]
    public async Task ScanGroupedAsync_PrefixHoldingOnlyDeleteMarkers_IsNotListed()
    {
        var bucket = await CreatePopulatedBucketAsync("gone/a", "kept/a");
        await Store.CommitVersionAsync(Version(bucket, "gone/a") with { IsDeleteMarker = true }, WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal(["kept/"], (await EntriesAsync(bucket, "", "/", 100)).Select(entry => entry.Key));
    }

    [Fact]
    public async Task ScanGroupedAsync_Versions_AreFullWithTheirSegments()
    {
        var bucket = await CreateBucketAsync();
        var empty = await PutAsync(bucket, "a-empty");
        await PutAsync(bucket, "dir/x", Segment());
        var parts = await PutAsync(bucket, "key", Segment(1), Segment(2), Segment(3));

        var entries = await EntriesAsync(bucket, "", "/", 100);

        Assert.Equal(3, entries.Count);
        AssertSameVersion(empty, entries[0].Version);
        Assert.True(entries[1].IsCommonPrefix);
        AssertSameVersion(parts, entries[2].Version);
    }

    private static string Name(int i) => "p" + i.ToString("D3", CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<ScanEntry>> EntriesAsync(string bucket, string prefix, string delimiter, int limit) =>
        await Store.ScanGroupedAsync(bucket, default, false, Encoding.UTF8.GetBytes(prefix), Encoding.UTF8.GetBytes(delimiter), limit, None);
}
