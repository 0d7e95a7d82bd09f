using System.Security.Cryptography;

using Amazon.S3;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;
using Coffer.TestKit.Faults;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The real server over a blob store that fails when told to (a fault-injecting decorator around the real one): a
/// disk error in the middle of a GET cuts the transfer rather than ending a short body cleanly, is logged, and does
/// not stop the server. The engine-level matrix of failing steps is in Engine.Tests (Faults/FaultMatrixTests).
/// </summary>
public sealed class FailingDiskTests : IAsyncLifetime
{
    private const int Size = 3 * 1024 * 1024;

    private readonly TempDirectory _data = new("coffer-failing-disk-");
    private readonly FaultPlan _plan = new();
    private readonly CofferServer _server;

    public FailingDiskTests() => _server = CofferServer.On(_data.Path, blobs => new FaultyBlobStore(blobs, _plan));

    public Task InitializeAsync() => _server.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task GetObject_BlobReadFailsMidStream_CutsTheTransferLogsItAndKeepsServing()
    {
        using var client = _server.CreateClient(retries: false);
        var bucket = CofferServer.UniqueBucket("failing");
        await client.PutBucketAsync(bucket);
        var content = RandomNumberGenerator.GetBytes(Size);
        await client.PutObjectAsync(new() { BucketName = bucket, Key = "large", InputStream = new MemoryStream(content) });

        // The first 512 KiB chunk is read and sent, so the status line is out; the second read fails.
        _plan.Arm(FaultPoint.BlobRead, FaultKind.IoError, nth: 2);
        var received = new MemoryStream();
        var cut = await Record.ExceptionAsync(async () =>
        {
            using var response = await client.GetObjectAsync(bucket, "large");
            await response.ResponseStream.CopyToAsync(received);
        });

        Assert.Equal(1, _plan.Fired);
        Assert.True(cut is IOException or HttpRequestException or AmazonS3Exception, $"not a failed transfer: {cut}");
        Assert.True(received.Length < Size, $"{received.Length} of {Size} bytes arrived, as if the body were complete");
        Assert.Contains(_server.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("Injected I/O error at BlobRead", StringComparison.Ordinal));

        // The server goes on: the same GET now reads the whole object, and writes still work.
        using (var again = await client.GetObjectAsync(bucket, "large"))
        {
            var whole = new MemoryStream();
            await again.ResponseStream.CopyToAsync(whole);
            Assert.Equal(content, whole.ToArray());
        }

        await client.PutObjectAsync(new() { BucketName = bucket, Key = "after", ContentBody = "still serving" });
    }
}
