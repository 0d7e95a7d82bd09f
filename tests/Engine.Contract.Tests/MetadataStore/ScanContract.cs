using System.Text;

using Coffer.TestKit;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

public abstract class ScanContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    private static readonly ByteOrder Bytes = new();

    // Besides the shared awkward keys, keys whose order is easy to get wrong: UTF-16 puts U+E000
    // and U+FFFD after the emoji's surrogates, UTF-8 puts them before its four bytes; NUL and
    // control characters sort before everything printable; the longest key is 1,024 bytes.
    private static readonly IReadOnlyList<string> Keys =
    [
        .. AwkwardKeys.All,
        "a", "a/b", "a0", "aé", "a😀", "a\uE000", "a\uFFFD", "b", "A", "Z", "nul\0inside", "\u0001\u0002tab\tnew\nline",
        "trailing ", "<tag attr=\"v\">&amp;'</tag>", "z\U0010FFFF", new string('k', 1020) + "😀",
    ];

    [Fact]
    public async Task ScanAsync_AwkwardKeys_OrderedByUtf8Bytes()
    {
        var bucket = await CreateBucketAsync();
        foreach (var key in Keys)
        {
            await PutAsync(bucket, key, Segment());
        }

        var listed = await KeysAsync(bucket, after: "", inclusive: false, prefix: "", limit: 1000);

        var expected = Keys.OrderBy(Encoding.UTF8.GetBytes, Bytes).ToList();
        Assert.Equal(expected, listed);

        // The set is chosen so that UTF-16 order differs: the test would catch a string sort.
        Assert.NotEqual(Keys.Order(StringComparer.Ordinal), expected);
    }

    [Fact]
    public async Task ScanAsync_AwkwardKeys_EachKeyRoundTripsExactly()
    {
        var bucket = await CreateBucketAsync();
        foreach (var key in Keys)
        {
            await PutAsync(bucket, key, Segment());
        }

        foreach (var key in Keys)
        {
            Assert.Equal(key, (await Store.GetLatestAsync(bucket, key, None))?.Key);
        }
    }

    [Fact]
    public async Task ScanAsync_Prefix_ReturnsOnlyKeysStartingWithIt()
    {
        var bucket = await CreatePopulatedBucketAsync("a", "a/b", "a0", "aé", "a😀", "b", "A", "ab/c", "`");

        Assert.Equal(["a", "a/b", "a0", "ab/c", "aé", "a😀"], await KeysAsync(bucket, "", false, "a", 100));
        Assert.Equal(["a/b"], await KeysAsync(bucket, "", false, "a/", 100));
        Assert.Empty(await KeysAsync(bucket, "", false, "c", 100));
    }

    [Fact]
    public async Task ScanAsync_PrefixEndingInHighestCodePoint_ReturnsItsKeys()
    {
        var bucket = await CreatePopulatedBucketAsync("z\U0010FFFE", "z\U0010FFFF", "z\U0010FFFFx", "{");

        Assert.Equal(["z\U0010FFFF", "z\U0010FFFFx"], await KeysAsync(bucket, "", false, "z\U0010FFFF", 100));
    }

    [Fact]
    public async Task ScanAsync_PrefixOfOnlyFFBytes_ReturnsNothing()
    {
        var bucket = await CreatePopulatedBucketAsync("a", "z\U0010FFFF");

        var listed = await Store.ScanAsync(bucket, default, false, new byte[] { 0xFF, 0xFF }, 100, None);

        Assert.Empty(listed);
    }

    [Fact]
    public async Task ScanAsync_AfterExclusive_StartsPastTheKey()
    {
        var bucket = await CreatePopulatedBucketAsync("a", "b", "c", "d");

        Assert.Equal(["c", "d"], await KeysAsync(bucket, "b", false, "", 100));
        Assert.Equal(["c", "d"], await KeysAsync(bucket, "bb", false, "", 100));
    }

    [Fact]
    public async Task ScanAsync_AfterInclusive_StartsAtTheKey()
    {
        var bucket = await CreatePopulatedBucketAsync("a", "b", "c", "d");

        Assert.Equal(["b", "c", "d"], await KeysAsync(bucket, "b", true, "", 100));
        Assert.Equal(["c", "d"], await KeysAsync(bucket, "bb", true, "", 100));
    }

    [Fact]
    public async Task ScanAsync_AfterBeforeThePrefix_StartsAtThePrefix()
    {
        var bucket = await CreatePopulatedBucketAsync("a", "m", "m/1", "m/2", "z");

        Assert.Equal(["m/1", "m/2"], await KeysAsync(bucket, "b", false, "m/", 100));
    }

    [Fact]
    public async Task ScanAsync_AfterEqualToThePrefix_HonoursInclusive()
    {
        var bucket = await CreatePopulatedBucketAsync("m", "m/1", "n");

        Assert.Equal(["m", "m/1"], await KeysAsync(bucket, "m", true, "m", 100));
        Assert.Equal(["m/1"], await KeysAsync(bucket, "m", false, "m", 100));
    }

    [Fact]
    public async Task ScanAsync_AfterPastThePrefix_ReturnsNothing()
    {
        var bucket = await CreatePopulatedBucketAsync("m/1", "m/2", "z");

        Assert.Empty(await KeysAsync(bucket, "n", false, "m/", 100));
    }

    [Fact]
    public async Task ScanAsync_AfterPrefixThenFF_SkipsTheWholeFolder()
    {
        var bucket = await CreatePopulatedBucketAsync(
            "photos/2023/a.jpg", "photos/2023/b.jpg", "photos/2023/deep/c.jpg", "photos/20230.jpg", "photos/2024/a.jpg", "zzz");
        byte[] after = [.. Encoding.UTF8.GetBytes("photos/2023/"), 0xFF];

        var listed = await Store.ScanAsync(bucket, after, false, Encoding.UTF8.GetBytes("photos/"), 100, None);

        Assert.Equal(["photos/20230.jpg", "photos/2024/a.jpg"], listed.Select(version => version.Key));
    }

    [Fact]
    public async Task ScanAsync_Limit_ReturnsTheFirstKeys()
    {
        var bucket = await CreatePopulatedBucketAsync("e", "d", "c", "b", "a");

        Assert.Equal(["a", "b"], await KeysAsync(bucket, "", false, "", 2));
        Assert.Empty(await KeysAsync(bucket, "", false, "", 0));
    }

    [Fact]
    public async Task ScanAsync_PagesOfThree_ListEveryKeyOnce()
    {
        var bucket = await CreateBucketAsync();
        foreach (var key in Keys)
        {
            await PutAsync(bucket, key, Segment());
        }

        var seen = new List<string>();
        var after = "";
        while (true)
        {
            var page = await KeysAsync(bucket, after, false, "", 3);
            seen.AddRange(page);
            if (page.Count < 3)
            {
                break;
            }

            after = page[^1];
        }

        Assert.Equal(Keys.OrderBy(Encoding.UTF8.GetBytes, Bytes), seen);
    }

    [Fact]
    public async Task ScanAsync_ReturnsFullVersions_WithSegments()
    {
        var bucket = await CreateBucketAsync();
        var version = await PutAsync(bucket, "key", Segment(1), Segment(2), Segment(3));

        var listed = await Store.ScanAsync(bucket, default, false, default, 10, None);

        AssertSameVersion(version, Assert.Single(listed));
    }

    [Fact]
    public async Task ScanAsync_TwoBucketsWithSharedNamePrefix_ListsOnlyTheAskedBucket()
    {
        var first = await CreatePopulatedBucketAsync("one", "two");
        var second = await CreateBucketAsync("bucket2");
        await PutAsync(second, "three", Segment());

        Assert.Equal(["one", "two"], await KeysAsync(first, "", false, "", 100));
        Assert.Equal(["three"], await KeysAsync(second, "", false, "", 100));
        Assert.Empty(await KeysAsync("missing", "", false, "", 100));
    }

    private async Task<List<string>> KeysAsync(string bucket, string after, bool inclusive, string prefix, int limit)
    {
        var listed = await Store.ScanAsync(
            bucket, Encoding.UTF8.GetBytes(after), inclusive, Encoding.UTF8.GetBytes(prefix), limit, None);
        return [.. listed.Select(version => version.Key)];
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
