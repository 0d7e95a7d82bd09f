using System.Net;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// A first SIGTERM stops accepting work but lets the requests in flight finish, within the drain limit; a second
/// ends the process at once. Each says so in one line. SIGTERM rather than SIGINT: a process started in the
/// background by a non-interactive shell (as test runners may be) inherits SIGINT ignored, and keeps it so.
/// </summary>
public class ShutdownTests
{
    private const string AccessKey = "SHUTDOWNTESTKEY";
    private const string SecretKey = "shutdown-test-secret-0123456789abcdefghij";

    /// <summary>Generous bounds only: the machine may be busy, and no test here times anything exactly.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sigterm_DuringUpload_SaysItDrainsOneLetsItFinishThenExitsCleanly()
    {
        using var data = new TempDirectory("coffer-term-");
        var content = RandomNumberGenerator.GetBytes(512 * 1024);
        int exitCode;
        using (var server = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey))
        {
            // The upload waits part-sent until the server has said it is draining, so it is surely in flight then.
            using var s3 = Client(server.Endpoint);
            var (body, upload) = await StartGatedUploadAsync(s3, "drain", content);

            await server.SignalAsync("TERM");
            await server.WaitForOutputAsync("Stopping on SIGTERM: draining 1 request(s) in flight (up to 30 s)", Patience);
            body.Open();
            var response = await upload.WaitAsync(Patience);
            exitCode = await server.WaitForExitAsync(Patience);

            Assert.Equal(HttpStatusCode.OK, response.HttpStatusCode);
            Assert.Contains("Stopped: 1 request(s) drained in ", server.Output, StringComparison.Ordinal);
        }

        Assert.Equal(0, exitCode);
        using (var server = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey))
        {
            using var s3 = Client(server.Endpoint);
            using var stored = await s3.GetObjectAsync("drain", UploadKey);
            using var buffer = new MemoryStream();
            await stored.ResponseStream.CopyToAsync(buffer);

            Assert.Equal(content, buffer.ToArray());
        }
    }

    [Fact]
    public async Task SecondSigterm_DuringStalledUpload_ExitsAtOnceWith143AndStoresNothing()
    {
        using var data = new TempDirectory("coffer-term2-");
        using (var server = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey))
        {
            using var s3 = Client(server.Endpoint);
            var (body, upload) = await StartGatedUploadAsync(s3, "cut");

            await server.SignalAsync("TERM");
            await server.WaitForOutputAsync("draining 1 request(s) in flight", Patience);
            await server.SignalAsync("TERM");
            var exitCode = await server.WaitForExitAsync(Patience);

            Assert.Equal(143, exitCode);
            Assert.Contains("Stopping at once on SIGTERM: 1 request(s) in flight are cut; exit code 143", server.Output, StringComparison.Ordinal);
            body.Open();
            await Assert.ThrowsAnyAsync<Exception>(() => upload.WaitAsync(Patience));
        }

        await AssertNotStoredAsync(data.Path, "cut", UploadKey);
    }

    [Fact]
    public async Task DrainTimeout_StalledUpload_IsCutAtTheLimitAndTheServerSaysSo()
    {
        using var data = new TempDirectory("coffer-drain-");
        using (var server = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey, arguments: ["--drain-timeout", "2s"]))
        {
            using var s3 = Client(server.Endpoint);
            var (body, upload) = await StartGatedUploadAsync(s3, "limit");

            await server.SignalAsync("TERM");
            var exitCode = await server.WaitForExitAsync(Patience);

            Assert.Equal(0, exitCode);
            Assert.Contains("draining 1 request(s) in flight (up to 2 s)", server.Output, StringComparison.Ordinal);
            Assert.Contains("Stopped after the drain limit (2 s); 1 request(s) were cut", server.Output, StringComparison.Ordinal);
            Assert.Contains($"PUT PutObject bucket=limit key={UploadKey} status=499 ", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Request failed", server.Output, StringComparison.Ordinal);
            body.Open();
            await Assert.ThrowsAnyAsync<Exception>(() => upload.WaitAsync(Patience));
        }

        await AssertNotStoredAsync(data.Path, "limit", UploadKey);
    }

    /// <summary>On a restart over the same data, the key is neither readable nor listed.</summary>
    private static async Task AssertNotStoredAsync(string dataDirectory, string bucket, string key)
    {
        using var server = await ServerProcess.StartAsync(dataDirectory, AccessKey, SecretKey);
        using var s3 = Client(server.Endpoint);
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, key));
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain(listing.S3Objects ?? [], o => o.Key == key);
    }

    private static AmazonS3Client Client(Uri endpoint) => ProcessServerClients.Create(endpoint, AccessKey, SecretKey);

    private const string UploadKey = "upload.bin";

    /// <summary>
    /// Creates the bucket and starts a PUT of <see cref="UploadKey"/> into it (512 random KiB unless given) that sends its
    /// first 64 KiB, then waits at the gate until the test opens it; returns once the upload waits there.
    /// </summary>
    private static async Task<(GatedStream Body, Task<PutObjectResponse> Upload)> StartGatedUploadAsync(AmazonS3Client s3, string bucket, byte[]? content = null)
    {
        await s3.PutBucketAsync(bucket);
        var body = new GatedStream(content ?? RandomNumberGenerator.GetBytes(512 * 1024), openBytes: 64 * 1024);
        var upload = s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = UploadKey, InputStream = body });
        await body.Waiting.WaitAsync(Patience);
        return (body, upload);
    }
}
