using Coffer.Engine.Listing;
using Coffer.TestKit;

namespace Coffer.Engine.Tests.Listing;

public class ObjectListerTests
{
    private readonly EngineUnderTest _engine = new();

    private async Task PutAllAsync(params string[] keys)
    {
        foreach (var key in keys)
        {
            await _engine.PutAsync(key, [1]);
        }
    }

    private Task<ListPage> ListAsync(string prefix = "", string? delimiter = null, string? after = null, int maxKeys = 1000) =>
        _engine.Lister.ListAsync(
            new ListRequest { Bucket = EngineUnderTest.Bucket, Prefix = prefix, Delimiter = delimiter, After = after, MaxKeys = maxKeys },
            CancellationToken.None);

    [Fact]
    public async Task List_Flat_ReturnsKeysInUtf8ByteOrder()
    {
        await PutAllAsync([.. AwkwardKeys.All, "a", "a0", "aé", "a😀", "b", "Z"]);

        var page = await ListAsync();

        var expected = AwkwardKeys.All.Concat(["a", "a0", "aé", "a😀", "b", "Z"])
            .OrderBy(k => k, Comparer<string>.Create((x, y) => System.Text.Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y))))
            .ToList();
        Assert.Equal(expected, page.Objects.Select(o => o.Key).ToList());
        Assert.False(page.IsTruncated);
    }

    [Fact]
    public async Task List_WithDelimiter_GroupsCommonPrefixes()
    {
        await PutAllAsync("a/1", "a/2", "b", "c/x/y", "c/z", "d");

        var page = await ListAsync(delimiter: "/");

        Assert.Equal(["b", "d"], page.Objects.Select(o => o.Key));
        Assert.Equal(["a/", "c/"], page.CommonPrefixes);
    }

    [Fact]
    public async Task List_WithPrefixAndDelimiter_GroupsBelowPrefix()
    {
        await PutAllAsync("c/x/y", "c/x/z", "c/z", "c0");

        var page = await ListAsync(prefix: "c/", delimiter: "/");

        Assert.Equal(["c/z"], page.Objects.Select(o => o.Key));
        Assert.Equal(["c/x/"], page.CommonPrefixes);
    }

    [Fact]
    public async Task List_WithMultiCharacterDelimiter_Groups()
    {
        await PutAllAsync("a--b", "a--c", "ab");

        var page = await ListAsync(delimiter: "--");

        Assert.Equal(["ab"], page.Objects.Select(o => o.Key));
        Assert.Equal(["a--"], page.CommonPrefixes);
    }

    [Fact]
    public async Task List_Paged_VisitsEveryKeyOnceAndTruncatesCorrectly()
    {
        var keys = Enumerable.Range(0, 25).Select(i => $"k{i:D3}").ToArray();
        await PutAllAsync(keys);

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = await ListAsync(after: after, maxKeys: 10);
            pages++;
            seen.AddRange(page.Objects.Select(o => o.Key));
            if (!page.IsTruncated)
            {
                break;
            }

            after = page.LastReturned;
        }

        Assert.Equal(keys, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task List_ExactlyFullPage_IsNotTruncated()
    {
        await PutAllAsync("a", "b", "c");

        var page = await ListAsync(maxKeys: 3);

        Assert.Equal(3, page.Objects.Count);
        Assert.False(page.IsTruncated);
    }

    [Fact]
    public async Task List_MarkerIsCommonPrefix_ContinuesPastIt()
    {
        await PutAllAsync("a/1", "a/2", "b/1", "c");

        var first = await ListAsync(delimiter: "/", maxKeys: 1);
        var second = await ListAsync(delimiter: "/", after: first.LastReturned, maxKeys: 1);
        var third = await ListAsync(delimiter: "/", after: second.LastReturned, maxKeys: 1);

        Assert.Equal(["a/"], first.CommonPrefixes);
        Assert.True(first.IsTruncated);
        Assert.Equal(["b/"], second.CommonPrefixes);
        Assert.Equal(["c"], third.Objects.Select(o => o.Key));
        Assert.False(third.IsTruncated);
    }

    [Fact]
    public async Task List_MaxKeysZero_ReturnsNothingUntruncated()
    {
        await PutAllAsync("a");

        var page = await ListAsync(maxKeys: 0);

        Assert.Empty(page.Objects);
        Assert.False(page.IsTruncated);
    }

    [Fact]
    public async Task List_ManyKeysUnderFewPrefixes_SeeksInsteadOfScanning()
    {
        for (var folder = 0; folder < 5; folder++)
        {
            for (var file = 0; file < 200; file++)
            {
                await _engine.PutAsync($"dir{folder}/file{file:D4}", []);
            }
        }

        var before = _engine.Metadata.RowsScanned;
        var page = await ListAsync(delimiter: "/");

        Assert.Equal(5, page.CommonPrefixes.Count);
        // One row per prefix (the one that revealed it), not the 1,000 rows beneath them.
        Assert.Equal(5, _engine.Metadata.RowsScanned - before);
    }

    [Fact]
    public async Task List_DelimiterPagedAcrossManyPrefixes_ListsEachPrefixAndKeyOnce()
    {
        var keys = Enumerable.Range(0, 40).SelectMany(i => new[] { $"p{i:D2}/a", $"p{i:D2}/b", $"p{i:D2}.txt" }).ToArray();
        await PutAllAsync(keys);

        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await ListAsync(delimiter: "/", after: after, maxKeys: 7);
            Assert.Equal(page.IsTruncated ? 7 : 80 % 7, page.Objects.Count + page.CommonPrefixes.Count);
            seen.AddRange(page.Objects.Select(o => o.Key).Concat(page.CommonPrefixes).Order(StringComparer.Ordinal));
            if (!page.IsTruncated)
            {
                break;
            }

            after = page.LastReturned;
        }

        Assert.Equal(Enumerable.Range(0, 40).SelectMany(i => new[] { $"p{i:D2}.txt", $"p{i:D2}/" }), seen);
    }

    [Fact]
    public async Task List_DelimiterPage_IsOneReadOfTheStore()
    {
        await PutAllAsync(Enumerable.Range(0, 30).Select(i => $"dir{i:D2}/file").ToArray());

        var before = _engine.Metadata.ScanCalls;
        var page = await ListAsync(delimiter: "/", maxKeys: 20);

        Assert.Equal(20, page.CommonPrefixes.Count);
        Assert.True(page.IsTruncated);
        Assert.Equal("dir19/", page.LastReturned);
        Assert.Equal(1, _engine.Metadata.ScanCalls - before);
    }
}
