using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.TestKit.Fakes;

namespace Coffer.Engine.Tests.Maintenance;

public class BlobReleaserTests
{
    private readonly InMemoryMetadataStore _metadata = new();
    private readonly InMemoryBlobStore _blobs = new();

    [Fact]
    public async Task ReleaseQuietlyAsync_FewBlobs_DeletesThemBeforeReturning()
    {
        var released = await CommitBlobsAsync(BlobReleaser.InlineLimit);

        await new BlobReleaser(_metadata, _blobs).ReleaseQuietlyAsync(released);

        Assert.Empty(_blobs.Committed);
    }

    [Fact]
    public async Task ReleaseQuietlyAsync_ManyBlobs_ReturnsAndDeletesThemInTheBackground()
    {
        var released = await CommitBlobsAsync(BlobReleaser.InlineLimit * 4);

        await new BlobReleaser(_metadata, _blobs).ReleaseQuietlyAsync(released);

        // No timing is asserted: only that the background work finishes, within a generous bound.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_blobs.Committed.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Empty(_blobs.Committed);
    }

    private async Task<List<BlobId>> CommitBlobsAsync(int count)
    {
        var ids = new List<BlobId>();
        for (var i = 0; i < count; i++)
        {
            await using var writer = _blobs.CreateWriter();
            await writer.WriteAsync(new byte[] { 1 }, CancellationToken.None);
            await writer.CommitAsync(CancellationToken.None);
            ids.Add(writer.Id);
        }

        return ids;
    }
}
