using System.Security.Cryptography;

using Amazon.Runtime;
using Amazon.S3;

using Coffer.Engine.Model;
using Coffer.TestKit;

namespace Coffer.Engine.CloudTier.Tests;

/// <summary>The reader's read-ahead: what it serves from its window must be the blob's bytes, and it must save requests.</summary>
[Collection(CofferEndpointCollection.Name)]
public sealed class CloudTierReaderTests(CofferEndpoint endpoint) : IDisposable
{
    private static readonly CloudTierOptions SmallWindows = new() { InitialReadAhead = 64 * 1024, MaxReadAhead = 256 * 1024 };

    private readonly CountingHttpClientFactory _requests = new();
    private readonly List<IDisposable> _owned = [];

    private static CancellationToken None => CancellationToken.None;

    public void Dispose() => _owned.ForEach(owned => owned.Dispose());

    [Fact]
    public async Task ReadAsync_RandomRangesAroundAndAcrossWindows_MatchTheBlob()
    {
        var (store, content, id) = await StoreWithBlobAsync(3 * 1024 * 1024);
        using var reader = store.OpenRead(id);
        var random = new Random(11);

        for (var i = 0; i < 300; i++)
        {
            // Mostly jumps, some steps on from the last read (the window grows), a few reads larger than any
            // window (straight into the buffer), some running past the end.
            var offset = i % 3 == 0 ? random.Next(content.Length) : Math.Min(content.Length - 1, (i * 97_003) % content.Length);
            var length = i % 10 == 0 ? random.Next(300_000, 700_000) : random.Next(1, 90_000);
            var buffer = new byte[length];

            var read = await reader.ReadAsync(offset, buffer, None);

            Assert.Equal(Math.Min(length, content.Length - offset), read);
            Assert.True(content.AsSpan(offset, read).SequenceEqual(buffer.AsSpan(0, read)), $"read {i} at {offset}+{length}");
        }
    }

    [Theory]
    [InlineData(16 * 1024)]
    [InlineData(64 * 1024)] // as large as the first window: the first read bypasses it, and the next still counts as streaming
    public async Task ReadAsync_SequentialSmallSteps_FetchGrowingWindowsNotEveryStep(int step)
    {
        var (store, content, id) = await StoreWithBlobAsync(4 * 1024 * 1024);
        using var reader = store.OpenRead(id);
        var before = _requests.Gets;

        var buffer = new byte[step];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long offset = 0;
        int read;
        while ((read = await reader.ReadAsync(offset, buffer, None)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            offset += read;
        }

        Assert.Equal(SHA256.HashData(content), hash.GetHashAndReset());

        // 256 steps of 16 KiB (or 64 of 64 KiB); windows of 64, 128, then 256 KiB: 2 + 15 or so GETs, not one a step.
        Assert.InRange(_requests.Gets - before, 1, 20);
    }

    [Fact]
    public async Task ReadAsync_ReadLargerThanTheWindow_IsOneRequestStraightIntoTheBuffer()
    {
        var (store, content, id) = await StoreWithBlobAsync(1024 * 1024);
        using var reader = store.OpenRead(id);
        var before = _requests.Gets;

        var buffer = new byte[content.Length];
        Assert.Equal(content.Length, await reader.ReadAsync(0, buffer, None));

        Assert.Equal(content, buffer);
        Assert.Equal(1, _requests.Gets - before);
    }

    // A store with small windows and counted requests, holding one random blob of the given size.
    private async Task<(CloudTierBlobStore Store, byte[] Content, BlobId Id)> StoreWithBlobAsync(int size)
    {
        var store = CreateStore(SmallWindows);
        var content = RandomNumberGenerator.GetBytes(size);
        return (store, content, await FreshTier.WriteAsync(store, content));
    }

    private CloudTierBlobStore CreateStore(CloudTierOptions options)
    {
        var location = endpoint.FreshLocation();
        var config = CloudTierClients.Config(location, options);
        config.HttpClientFactory = _requests;
        var client = new AmazonS3Client(new BasicAWSCredentials(CofferEndpoint.AccessKey, CofferEndpoint.SecretKey), config);
        var store = new CloudTierBlobStore(location, client, options);
        _owned.Add(client);
        return store;
    }

}
