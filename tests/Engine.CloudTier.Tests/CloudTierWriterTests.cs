using System.Buffers.Binary;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Engine.Checksums;
using Coffer.Engine.Model;
using Coffer.TestKit;

namespace Coffer.Engine.CloudTier.Tests;

/// <summary>What the writer leaves at the endpoint: one object per blob, by PutObject or by a multipart upload.</summary>
[Collection(CofferEndpointCollection.Name)]
public sealed class CloudTierWriterTests(CofferEndpoint endpoint) : IDisposable
{
    private const int PartSize = FreshTier.PartSize;

    private readonly FreshTier _tier = new(endpoint);

    private static CancellationToken None => CancellationToken.None;

    private CloudTierBlobStore Store => _tier.Store;

    private AmazonS3Client Client => _tier.Client;

    public void Dispose() => _tier.Dispose();

    [Fact]
    public async Task CommitAsync_BlobLargerThanOnePart_IsOneMultipartObjectReadableWhole()
    {
        var content = RandomNumberGenerator.GetBytes((2 * PartSize) + 12_345);
        await using var writer = Store.CreateWriter();
        for (var offset = 0; offset < content.Length; offset += 1_000_003)
        {
            await writer.WriteAsync(content.AsMemory(offset, Math.Min(1_000_003, content.Length - offset)), None);
        }

        await writer.CommitAsync(None);

        var head = await Client.GetObjectMetadataAsync(CofferEndpoint.Bucket, KeyOf(writer.Id));
        Assert.Equal(content.Length, head.ContentLength);
        Assert.EndsWith("-3\"", head.ETag, StringComparison.Ordinal);
        Assert.Empty(await _tier.UploadKeysAsync());
        Assert.Equal(SHA256.HashData(content), await HashOfObjectAsync(writer.Id));
    }

    [Fact]
    public async Task CommitAsync_BlobOfExactlyOnePart_IsASinglePutWithItsCrc32C()
    {
        var content = RandomNumberGenerator.GetBytes(PartSize);
        await using var writer = Store.CreateWriter();
        await writer.WriteAsync(content, None);
        await writer.CommitAsync(None);

        var head = await Client.GetObjectMetadataAsync(
            new GetObjectMetadataRequest { BucketName = CofferEndpoint.Bucket, Key = KeyOf(writer.Id), ChecksumMode = ChecksumMode.ENABLED });

        Assert.DoesNotContain("-", head.ETag, StringComparison.Ordinal);
        var expected = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(expected, Crc32C.Compute(content));
        Assert.Equal(Convert.ToBase64String(expected), head.ChecksumCRC32C);
    }

    [Fact]
    public async Task CommitAsync_Blob_IsTheObjectPrefixSlashId()
    {
        await using var writer = Store.CreateWriter();
        await writer.WriteAsync(new byte[] { 1, 2, 3 }, None);
        await writer.CommitAsync(None);

        Assert.Equal([$"{_tier.Location.Prefix}/{writer.Id.Value}"], await _tier.ObjectKeysAsync());
    }

    [Fact]
    public async Task DisposeAsync_UncommittedAfterAPartWasSent_AbortsTheUploadAndLeavesNoObject()
    {
        BlobId id;
        await using (var writer = Store.CreateWriter())
        {
            id = writer.Id;
            await writer.WriteAsync(new byte[PartSize + 1], None);
            Assert.Equal([KeyOf(id)], await _tier.UploadKeysAsync());
        }

        Assert.Empty(await _tier.UploadKeysAsync());
        Assert.Throws<Ports.BlobNotFoundException>(() => Store.OpenRead(id));
    }

    [Fact]
    public async Task DisposeAsync_UncommittedWithinOnePart_SentNothing()
    {
        await using (var writer = Store.CreateWriter())
        {
            await writer.WriteAsync(new byte[PartSize], None);
        }

        Assert.Empty(await _tier.UploadKeysAsync());
        Assert.Empty(await _tier.ObjectKeysAsync());
    }

    private string KeyOf(BlobId id) => _tier.KeyOf(id);

    private async Task<byte[]> HashOfObjectAsync(BlobId id)
    {
        using var response = await Client.GetObjectAsync(CofferEndpoint.Bucket, KeyOf(id));
        return await SHA256.HashDataAsync(response.ResponseStream);
    }
}
