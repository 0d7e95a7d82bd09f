using Coffer.Engine.Model;
using Coffer.Engine.Multipart;

namespace Coffer.Engine.Tests.Multipart;

public class UploadBlobCollectionTests
{
    private readonly EngineUnderTest _engine = new();

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
