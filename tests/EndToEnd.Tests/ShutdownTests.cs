using System.Net;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>SIGTERM stops accepting work but lets the requests in flight finish.</summary>
public class ShutdownTests
{
    private const string AccessKey = "SHUTDOWNTESTKEY";
    private const string SecretKey = "shutdown-test-secret-0123456789abcdefghij";

    [Fact]
    public async Task Sigterm_DuringUpload_LetsItFinishThenExitsCleanly()
    {
        using var data = new TempDirectory("coffer-term-");
        var content = RandomNumberGenerator.GetBytes(512 * 1024);
        int exitCode;
        using (var server = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey))
        {
            using var s3 = Client(server.Endpoint);
            await s3.PutBucketAsync("drain");

            using var body = new SlowStream(content, TimeSpan.FromMilliseconds(20));
            var upload = s3.PutObjectAsync(new PutObjectRequest { BucketName = "drain", Key = "slow.bin", InputStream = body });
            await body.Started.WaitAsync(TimeSpan.FromSeconds(30));

            var exiting = server.TerminateAsync(TimeSpan.FromSeconds(60));
            var response = await upload;
            exitCode = await exiting;

            Assert.Equal(HttpStatusCode.OK, response.HttpStatusCode);
        }

        Assert.Equal(0, exitCode);
        using (var server = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey))
        {
            using var s3 = Client(server.Endpoint);
            using var stored = await s3.GetObjectAsync("drain", "slow.bin");
            using var buffer = new MemoryStream();
            await stored.ResponseStream.CopyToAsync(buffer);

            Assert.Equal(content, buffer.ToArray());
        }
    }

    private static AmazonS3Client Client(Uri endpoint) => ProcessServerClients.Create(endpoint, AccessKey, SecretKey);

    /// <summary>A body that trickles out in 64 KiB steps, so the upload is surely in flight when SIGTERM arrives.</summary>
    private sealed class SlowStream(byte[] content, TimeSpan delay) : MemoryStream(content, writable: false)
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            await ReadAsync(buffer.AsMemory(offset, count), cancellationToken);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position > 0)
            {
                _started.TrySetResult();
            }

            await Task.Delay(delay, cancellationToken);
            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, 64 * 1024)], cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position > 0)
            {
                _started.TrySetResult();
            }

            Thread.Sleep(delay);
            return base.Read(buffer, offset, Math.Min(count, 64 * 1024));
        }
    }
}
