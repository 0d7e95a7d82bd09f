using Coffer.Engine.Model;
using Coffer.Engine.Multipart;

namespace Coffer.Engine.Tests.Multipart;

public class UploadSweeperTests
{
    private readonly EngineUnderTest _engine = new();

    [Fact]
    public async Task Sweep_UploadOlderThanTheCutoff_IsAbortedAndItsBlobsDeleted()
    {
        var old = await CreateWithPartAsync("old");
        _engine.Clock.Advance(TimeSpan.FromDays(8));
        var recent = await CreateWithPartAsync("recent");

        var aborted = await _engine.Sweeper.SweepAsync(_engine.Clock.GetUtcNow() - TimeSpan.FromDays(7), CancellationToken.None);

        Assert.Equal(1, aborted);
        Assert.Null(await _engine.Metadata.GetUploadAsync("bucket", "old", old.Upload.UploadId, CancellationToken.None));
        Assert.NotNull(await _engine.Metadata.GetUploadAsync("bucket", "recent", recent.Upload.UploadId, CancellationToken.None));
        Assert.Equal([recent.Part.Blob], _engine.Blobs.Committed.Keys);
    }

    [Fact]
    public async Task Collect_PartBlobOfAnOpenUpload_IsNotAnOrphan()
    {
        var open = await CreateWithPartAsync("k");

        var result = await _engine.Collector.CollectAsync(DateTimeOffset.MaxValue, TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(0, result.OrphansDeleted);
        Assert.Contains(open.Part.Blob, _engine.Blobs.Committed.Keys);
    }

    private async Task<(UploadInfo Upload, PartInfo Part)> CreateWithPartAsync(string key)
    {
        var upload = await _engine.Multipart.CreateAsync(
            new CreateUploadRequest { Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key(key) }, CancellationToken.None);
        var part = await _engine.Multipart.UploadPartAsync(
            new UploadPartRequest { Target = new PartTarget(EngineUnderTest.Bucket, EngineUnderTest.Key(key), upload.UploadId, 1) },
            new MemoryStream([1, 2, 3]),
            CancellationToken.None);
        return (upload, part);
    }
}
