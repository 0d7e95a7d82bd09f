using System.Globalization;

using Coffer.Engine.Errors;
using Coffer.Engine.Listing;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Listing;

public class VersionListerTests
{
    private readonly EngineUnderTest _engine = new();

    public VersionListerTests() =>
        _engine.Buckets.SetVersioningAsync(EngineUnderTest.Bucket, BucketVersioning.Enabled, CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public async Task ListVersions_VersionsAndDeleteMarkers_ByKeyNewestFirstWithIsLatest()
    {
        var a1 = await _engine.PutAsync("a", [1]);
        var b1 = await _engine.PutAsync("b", [1]);
        var marker = await DeleteAsync("b");
        var a2 = await _engine.PutAsync("a", [2]);

        var page = await ListAsync();

        Assert.Equal([a2.VersionId, a1.VersionId, marker, b1.VersionId], page.Versions.Select(v => v.VersionId));
        Assert.Equal([true, false, true, false], page.Versions.Select(v => v.IsLatest));
        Assert.Equal([false, false, true, false], page.Versions.Select(v => v.IsDeleteMarker));
        Assert.False(page.IsTruncated);
        Assert.Null(page.NextKeyMarker);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task ListVersions_PagedByVersionIdMarker_ReturnsEachVersionOnce(int maxKeys)
    {
        var expected = new List<string>();
        foreach (var (key, count) in new[] { ("a", 3), ("many", 30), ("z", 2) })
        {
            var versions = new List<string>();
            for (var i = 0; i < count; i++)
            {
                versions.Add((await _engine.PutAsync(key, [(byte)i])).VersionId);
            }

            versions.Reverse();
            expected.AddRange(versions);
        }

        var seen = await PageThroughAsync(maxKeys);

        Assert.Equal(expected, seen.SelectMany(page => page.Versions).Select(v => v.VersionId));
        Assert.All(seen.SkipLast(1), page => Assert.True(page.IsTruncated && page.Versions.Count == maxKeys));
    }

    [Fact]
    public async Task ListVersions_KeyMarkerAlone_StartsAfterEveryVersionOfThatKey()
    {
        await _engine.PutAsync("a", [1]);
        await _engine.PutAsync("a", [2]);
        var b = await _engine.PutAsync("b", [1]);

        var page = await ListAsync(keyMarker: "a");

        Assert.Equal([b.VersionId], page.Versions.Select(v => v.VersionId));
    }

    [Fact]
    public async Task ListVersions_VersionIdMarkerWithoutKeyMarker_IsIgnored()
    {
        var a = await _engine.PutAsync("a", [1]);

        var page = await ListAsync(versionIdMarker: VersionId.TryParse(a.VersionId, out var id) ? id : null);

        Assert.Equal([a.VersionId], page.Versions.Select(v => v.VersionId));
    }

    [Fact]
    public async Task ListVersions_MaxKeysZero_IsEmptyAndNotTruncated()
    {
        await _engine.PutAsync("a", [1]);

        var page = await ListAsync(maxKeys: 0);

        Assert.Empty(page.Versions);
        Assert.False(page.IsTruncated);
    }

    [Fact]
    public async Task ListVersions_CommonPrefixes_CountTowardMaxKeysAndMarkTheNextPage()
    {
        await _engine.PutAsync("a/1", [1]);
        await _engine.PutAsync("a/1", [2]);
        await DeleteAsync("b/x");
        var c = await _engine.PutAsync("c", [1]);

        var first = await ListAsync(delimiter: "/", maxKeys: 2);
        var second = await ListAsync(delimiter: "/", keyMarker: first.NextKeyMarker, maxKeys: 2);

        Assert.Equal(["a/", "b/"], first.CommonPrefixes);
        Assert.True(first.IsTruncated);
        Assert.Equal("b/", first.NextKeyMarker);
        Assert.Null(first.NextVersionIdMarker);
        Assert.Equal([c.VersionId], second.Versions.Select(v => v.VersionId));
        Assert.Empty(second.CommonPrefixes);
        Assert.False(second.IsTruncated);
    }

    [Fact]
    public async Task ListVersions_KeyWith100000Versions_EachPageTouchesOnlyItsRows()
    {
        const int Count = 100_000;
        var template = await _engine.PutAsync("big", [1]);
        for (var i = 1; i < Count; i++)
        {
            _engine.Metadata.Seed(template with { VersionId = "v" + i.ToString("D31", CultureInfo.InvariantCulture) });
        }

        var first = await ListAsync(maxKeys: 1000);
        var before = _engine.Metadata.RowsScanned;
        var second = await ListAsync(keyMarker: first.NextKeyMarker, versionIdMarker: Parse(first.NextVersionIdMarker), maxKeys: 1000);

        Assert.Equal("v" + (Count - 1).ToString("D31", CultureInfo.InvariantCulture), first.Versions[0].VersionId);
        Assert.Equal("v" + (Count - 1001).ToString("D31", CultureInfo.InvariantCulture), second.Versions[0].VersionId);
        Assert.Equal(1000, second.Versions.Count);
        Assert.True(second.IsTruncated);
        // The page and the one row that tells it is truncated, not the 100,000 versions of the key.
        Assert.Equal(1001, _engine.Metadata.RowsScanned - before);
    }

    [Fact]
    public async Task ListVersions_DelimiterOverManyVersions_TouchesOneRowPerPrefix()
    {
        for (var p = 0; p < 5; p++)
        {
            for (var v = 0; v < 50; v++)
            {
                await _engine.PutAsync($"p{p}/k{v % 5}", [1]);
            }
        }

        var before = _engine.Metadata.RowsScanned;
        var page = await ListAsync(delimiter: "/");

        Assert.Equal(["p0/", "p1/", "p2/", "p3/", "p4/"], page.CommonPrefixes);
        Assert.Equal(5, _engine.Metadata.RowsScanned - before);
    }

    [Fact]
    public async Task ListVersions_MissingBucket_IsNoSuchBucket()
    {
        var request = new VersionListRequest { Bucket = BucketName.TryParse("missing", out var name) ? name.Value : throw new InvalidOperationException() };

        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.Versions.ListAsync(request, CancellationToken.None));

        Assert.Equal(EngineError.NoSuchBucket, error.Code);
    }

    private async Task<string> DeleteAsync(string key) =>
        (await _engine.Objects.DeleteAsync(EngineUnderTest.Bucket, EngineUnderTest.Key(key), Ports.WriteCondition.None, CancellationToken.None)).VersionId!;

    private static VersionId? Parse(string? text) => VersionId.TryParse(text, out var id) ? id : null;

    private Task<VersionListPage> ListAsync(
        string prefix = "", string? delimiter = null, string? keyMarker = null, VersionId? versionIdMarker = null, int maxKeys = 1000) =>
        _engine.Versions.ListAsync(
            new VersionListRequest
            {
                Bucket = EngineUnderTest.Bucket,
                Prefix = prefix,
                Delimiter = delimiter,
                KeyMarker = keyMarker,
                VersionIdMarker = versionIdMarker,
                MaxKeys = maxKeys,
            },
            CancellationToken.None);

    private async Task<List<VersionListPage>> PageThroughAsync(int maxKeys)
    {
        var pages = new List<VersionListPage>();
        string? keyMarker = null;
        VersionId? versionIdMarker = null;
        while (pages.Count < 1000)
        {
            var page = await ListAsync(keyMarker: keyMarker, versionIdMarker: versionIdMarker, maxKeys: maxKeys);
            pages.Add(page);
            if (!page.IsTruncated)
            {
                return pages;
            }

            (keyMarker, versionIdMarker) = (page.NextKeyMarker, Parse(page.NextVersionIdMarker));
        }

        throw new InvalidOperationException("The listing never ended.");
    }
}
