using Amazon.S3.Model;

using Coffer.Engine.Model;

namespace Coffer.Engine.CloudTier.Tests;

/// <summary>The orphan sweep's view of a tier: committed blobs, page after page, and abandoned uploads aborted.</summary>
[Collection(CofferEndpointCollection.Name)]
public sealed class CloudTierEnumerateTests(CofferEndpoint endpoint) : IDisposable
{
    private const int PartSize = FreshTier.PartSize;

    private readonly FreshTier _tier = new(endpoint);

    private static CancellationToken None => CancellationToken.None;

    private CloudTierBlobStore Store => _tier.Store;

    private string ListPrefix => _tier.ListPrefix;

    public void Dispose() => _tier.Dispose();

    [Fact]
    public async Task EnumerateAsync_UploadOlderThanTheThreshold_IsAbortedAndNotListed()
    {
        var committed = await _tier.WriteAsync([7]);
        var crashed = Store.CreateWriter();
        await crashed.WriteAsync(new byte[PartSize + 1], None);

        var listed = await ListAsync(abandonedAfter: TimeSpan.Zero);

        Assert.Equal([committed], listed);
        Assert.Empty(await _tier.UploadKeysAsync());
    }

    [Fact]
    public async Task EnumerateAsync_UploadYoungerThanTheThreshold_IsKept()
    {
        await using var writing = Store.CreateWriter();
        await writing.WriteAsync(new byte[PartSize + 1], None);

        Assert.Empty(await ListAsync(abandonedAfter: TimeSpan.FromDays(1)));

        Assert.Equal([$"{ListPrefix}{writing.Id.Value}"], await _tier.UploadKeysAsync());
    }

    [Fact]
    public async Task EnumerateAsync_ForeignObjectsAndUploadsUnderThePrefix_AreNeitherListedNorTouched()
    {
        var committed = await _tier.WriteAsync([1, 2]);
        string[] foreign = [$"{ListPrefix}notes.txt", $"{ListPrefix}sub/{BlobId.New().Value}", $"{ListPrefix}{BlobId.New().Value}.part"];
        foreach (var key in foreign)
        {
            await _tier.Client.PutObjectAsync(new PutObjectRequest { BucketName = CofferEndpoint.Bucket, Key = key, ContentBody = "x" });
        }

        var foreignUpload = await _tier.Client.InitiateMultipartUploadAsync(CofferEndpoint.Bucket, $"{ListPrefix}upload.bin");

        var listed = await ListAsync(abandonedAfter: TimeSpan.Zero);

        Assert.Equal([committed], listed);
        Assert.Equal([foreignUpload.Key], await _tier.UploadKeysAsync());
        Assert.Equal(foreign.Append(_tier.KeyOf(committed)).Order(StringComparer.Ordinal), (await _tier.ObjectKeysAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EnumerateAsync_MoreBlobsThanOneListPage_ListsEveryOne()
    {
        // S3 lists at most 1,000 keys a page.
        var written = new List<BlobId>();
        foreach (var batch in Enumerable.Range(0, 1_010).Chunk(10))
        {
            written.AddRange(await Task.WhenAll(batch.Select(_ => _tier.WriteAsync([]))));
        }

        var listed = await ListAsync(abandonedAfter: TimeSpan.FromDays(1));

        Assert.Equal(written.Select(id => id.Value).Order(StringComparer.Ordinal), listed.Select(id => id.Value));
    }

    [Fact]
    public async Task EnumerateAsync_Blob_CarriesTheEndpointsWriteTime()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var id = await _tier.WriteAsync([3]);

        var blob = Assert.Single(await ToListAsync(Store.EnumerateAsync(TimeSpan.FromDays(1), None)));

        var head = await _tier.Client.GetObjectMetadataAsync(CofferEndpoint.Bucket, ListPrefix + id.Value);
        Assert.Equal(id, blob.Id);

        // HEAD's Last-Modified is an HTTP date, to the second; the listing has the milliseconds too.
        var writtenToTheSecond = blob.WrittenAt.AddTicks(-(blob.WrittenAt.Ticks % TimeSpan.TicksPerSecond));
        Assert.Equal(new DateTimeOffset(head.LastModified!.Value.ToUniversalTime(), TimeSpan.Zero), writtenToTheSecond);
        Assert.InRange(blob.WrittenAt, before, DateTimeOffset.UtcNow.AddMinutes(1));
    }

    private async Task<List<BlobId>> ListAsync(TimeSpan abandonedAfter) =>
        (await ToListAsync(Store.EnumerateAsync(abandonedAfter, None))).Select(blob => blob.Id).ToList();

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

}
