using Coffer.Engine.Model;
using Coffer.Engine.Multipart;

namespace Coffer.Engine.Tests.Multipart;

public class UploadListerTests
{
    private readonly EngineUnderTest _engine = new();

    [Fact]
    public async Task List_PrefixAndDelimiter_GroupsDeeperKeysIntoCommonPrefixes()
    {
        await CreateAsync("photos/2024/a.jpg", "photos/2024/b.jpg", "photos/c.jpg", "photos/2025/d.jpg", "videos/e.mp4");

        var page = await ListAsync(new() { Bucket = EngineUnderTest.Bucket, Prefix = "photos/", Delimiter = "/" });

        Assert.Equal(["photos/c.jpg"], page.Uploads.Select(upload => upload.Key));
        Assert.Equal(["photos/2024/", "photos/2025/"], page.CommonPrefixes);
        Assert.False(page.IsTruncated);
    }

    [Fact]
    public async Task List_MaxUploadsOne_PagesThroughUploadsOfOneKeyByUploadId()
    {
        var created = await CreateAsync("same", "same", "same");
        var ids = created.Select(upload => upload.UploadId).Order(StringComparer.Ordinal).ToList();
        var seen = new List<string>();
        string? keyMarker = null, idMarker = null;

        while (true)
        {
            var page = await ListAsync(new() { Bucket = EngineUnderTest.Bucket, MaxUploads = 1, KeyMarker = keyMarker, UploadIdMarker = idMarker });
            seen.AddRange(page.Uploads.Select(upload => upload.UploadId));
            if (!page.IsTruncated)
            {
                break;
            }

            (keyMarker, idMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }

        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task List_CommonPrefixesCountTowardsMaxUploads_AndTheNextPageStartsPastThePrefix()
    {
        await CreateAsync("a/1", "a/2", "b", "c/1");
        var request = new UploadListRequest { Bucket = EngineUnderTest.Bucket, Delimiter = "/", MaxUploads = 2 };

        var first = await ListAsync(request);
        var second = await ListAsync(request with { KeyMarker = first.NextKeyMarker, UploadIdMarker = first.NextUploadIdMarker });

        Assert.Equal(["a/"], first.CommonPrefixes);
        Assert.Equal(["b"], first.Uploads.Select(upload => upload.Key));
        Assert.True(first.IsTruncated);
        Assert.Equal("b", first.NextKeyMarker);
        Assert.Equal(["c/"], second.CommonPrefixes);
        Assert.False(second.IsTruncated);
    }

    [Fact]
    public async Task List_PageEndingOnACommonPrefix_HasNoUploadIdMarkerAndResumesPastIt()
    {
        await CreateAsync("a/1", "a/2", "b");
        var request = new UploadListRequest { Bucket = EngineUnderTest.Bucket, Delimiter = "/", MaxUploads = 1 };

        var first = await ListAsync(request);
        var second = await ListAsync(request with { KeyMarker = first.NextKeyMarker, UploadIdMarker = first.NextUploadIdMarker });

        Assert.Equal("a/", first.NextKeyMarker);
        Assert.Null(first.NextUploadIdMarker);
        Assert.Equal(["b"], second.Uploads.Select(upload => upload.Key));
    }

    [Fact]
    public async Task List_UploadIdMarkerWithoutKeyMarker_IsIgnored()
    {
        await CreateAsync("a", "b");

        var page = await ListAsync(new() { Bucket = EngineUnderTest.Bucket, UploadIdMarker = "ffffffffffff" });

        Assert.Equal(2, page.Uploads.Count);
    }

    [Fact]
    public async Task List_CompletedAndAbortedUploads_AreNotListed()
    {
        var created = await CreateAsync("done", "dropped", "open");
        var done = created[0];
        var part = await _engine.Multipart.UploadPartAsync(
            new UploadPartRequest { Target = new PartTarget(EngineUnderTest.Bucket, EngineUnderTest.Key("done"), done.UploadId, 1) },
            new MemoryStream([1]),
            CancellationToken.None);
        await _engine.Multipart.CompleteAsync(
            new CompleteUploadRequest { Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key("done"), UploadId = done.UploadId, Parts = [new(1, part.ETag)] },
            CancellationToken.None);
        await _engine.Multipart.AbortAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("dropped"), created[1].UploadId, CancellationToken.None);

        var page = await ListAsync(new() { Bucket = EngineUnderTest.Bucket });

        Assert.Equal(["open"], page.Uploads.Select(upload => upload.Key));
    }

    private Task<UploadsPage> ListAsync(UploadListRequest request) => _engine.Uploads.ListAsync(request, CancellationToken.None);

    private async Task<List<UploadInfo>> CreateAsync(params string[] keys)
    {
        var uploads = new List<UploadInfo>();
        foreach (var key in keys)
        {
            uploads.Add(await _engine.Multipart.CreateAsync(
                new CreateUploadRequest { Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key(key) }, CancellationToken.None));
        }

        return uploads;
    }
}
