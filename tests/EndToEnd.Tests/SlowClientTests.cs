using System.Net;
using System.Net.Sockets;
using System.Text;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server;
using Coffer.Server.Hosting;

namespace Coffer.EndToEnd.Tests;

/// <summary>The real server with its client timeouts shortened from tens of seconds to two, so that tests can wait them out.</summary>
public sealed class ImpatientCofferServer : CofferServer
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    protected override ServerOptions Configure(ServerOptions options) => options with
    {
        ClientLimits = new ClientLimits { RequestHeadersTimeout = Patience, DataRateGracePeriod = Patience },
    };
}

/// <summary>
/// Clients that trickle headers or bodies are cut off by the limits in <see cref="ClientLimits"/>;
/// clients that vanish mid-transfer leave no object, no part and no file behind.
/// </summary>
public sealed class SlowClientTests(ImpatientCofferServer server) : IClassFixture<ImpatientCofferServer>
{
    // Far longer than any limit under test: a trickle that lasts this long was never cut off.
    private static readonly TimeSpan TrickleFor = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task SlowHeaders_ConnectionIsClosedBeforeTheHeadersEnd()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {server.Endpoint.Authority}\r\n"));

        // One header line every half second, never the blank line that ends the head.
        var cutOff = false;
        var deadline = DateTime.UtcNow + TrickleFor;
        for (var i = 0; DateTime.UtcNow < deadline && !cutOff; i++)
        {
            await Task.Delay(500);
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"x-trickle-{i}: {i}\r\n"));
                cutOff = client.Client.Poll(0, SelectMode.SelectRead) && client.Available == 0;
            }
            catch (IOException)
            {
                cutOff = true;
            }
        }

        Assert.True(cutOff, "the server kept a connection whose headers never ended");
    }

    [Fact]
    public async Task SlowBody_FailsWithRequestTimeout_AndStoresNothing()
    {
        var bucket = await PublicWriteBucketAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"PUT /{bucket}/trickled HTTP/1.1\r\nHost: {server.Endpoint.Authority}\r\nContent-Length: 1048576\r\n\r\n"));
        await stream.WriteAsync(new byte[1000]);

        // One byte a second: far below the 240 B/s floor once the grace period is over.
        var response = new StringBuilder();
        var buffer = new byte[4096];
        var reading = stream.ReadAsync(buffer).AsTask();
        var deadline = DateTime.UtcNow + TrickleFor;
        while (DateTime.UtcNow < deadline && !reading.IsCompleted)
        {
            try
            {
                await stream.WriteAsync(new byte[1]);
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(1000));
        }

        try
        {
            for (var read = await reading.WaitAsync(TimeSpan.FromSeconds(10)); read > 0; read = await stream.ReadAsync(buffer))
            {
                response.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // Kestrel resets the connection after the error response; what was read is the answer.
        }

        var text = response.ToString();
        Assert.StartsWith("HTTP/1.1 400 ", text, StringComparison.Ordinal);
        Assert.Contains("<Code>RequestTimeout</Code>", text, StringComparison.Ordinal);
        await AssertNoObjectAsync(bucket, "trickled");
        await AssertNoTemporaryBlobsAsync();
    }

    [Theory]
    [InlineData("inline-sized", 40 * 1024, 10 * 1024)]
    [InlineData("blob-sized", 8 * 1024 * 1024, 3 * 1024 * 1024)]
    public async Task ClientVanishingMidPut_LeavesNoObjectAndNoFile(string key, int declared, int sent)
    {
        var bucket = await PublicWriteBucketAsync();
        var blobsBefore = BlobFiles();

        await SendPartOfBodyThenVanishAsync($"/{bucket}/{key}", declared, sent);

        await AssertNoObjectAsync(bucket, key);
        await AssertNoTemporaryBlobsAsync();
        Assert.Equal(blobsBefore, BlobFiles());
    }

    [Fact]
    public async Task SdkUploadAbortedMidStream_WithAwsChunkedTrailer_LeavesNoObjectAndNoFile()
    {
        // The SDK's default for PutObject is an aws-chunked body with a CRC32 trailer; the stream
        // failing mid-way makes the SDK drop the connection, as a killed backup job would.
        using var s3 = server.CreateClient(retries: false);
        var bucket = CofferServer.UniqueBucket("vanish");
        await s3.PutBucketAsync(bucket);
        var blobsBefore = BlobFiles();

        await Assert.ThrowsAnyAsync<Exception>(() => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "chunked",
            InputStream = new FailingStream(6 * 1024 * 1024, failAfter: 2 * 1024 * 1024),
        }));

        await AssertNoObjectAsync(bucket, "chunked");
        await AssertNoTemporaryBlobsAsync();
        Assert.Equal(blobsBefore, BlobFiles());
    }

    [Fact]
    public async Task ClientVanishingMidUploadPart_LeavesNoPartAndNoFile()
    {
        using var s3 = server.CreateClient(retries: false);
        var bucket = CofferServer.UniqueBucket("vanish");
        await s3.PutBucketAsync(bucket);
        var upload = await s3.InitiateMultipartUploadAsync(bucket, "parts");
        var blobsBefore = BlobFiles();

        await Assert.ThrowsAnyAsync<Exception>(() => s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = "parts",
            UploadId = upload.UploadId,
            PartNumber = 1,
            InputStream = new FailingStream(6 * 1024 * 1024, failAfter: 1024 * 1024),
        }));

        await AssertNoTemporaryBlobsAsync();
        Assert.Equal(blobsBefore, BlobFiles());
        var parts = await s3.ListPartsAsync(bucket, "parts", upload.UploadId);
        Assert.Empty(parts.Parts ?? []);
    }

    [Fact]
    public async Task ClientsVanishingMidDownload_ReleaseTheirBlobsAndTheServerKeepsServing()
    {
        using var s3 = server.CreateClient();
        var bucket = CofferServer.UniqueBucket("vanish");
        await s3.PutBucketAsync(bucket);
        var content = new byte[16 * 1024 * 1024];
        new Random(7).NextBytes(content);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "big", InputStream = new MemoryStream(content) });
        await s3.PutBucketPolicyAsync(bucket, PublicPolicy(bucket));

        // Twenty readers take the first 64 KiB, stop reading while the server holds their blob open, and hang up.
        var readers = new List<TcpClient>();
        try
        {
            foreach (var _ in Enumerable.Range(0, 20))
            {
                var client = new TcpClient();
                readers.Add(client);
                await client.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port);
                var stream = client.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /{bucket}/big HTTP/1.1\r\nHost: {server.Endpoint.Authority}\r\n\r\n"));
                await stream.ReadAtLeastAsync(new byte[64 * 1024], 64 * 1024);
            }

            Assert.True(OpenBlobHandles() > 0, "the probe of open blob files sees none during 20 stalled downloads");
        }
        finally
        {
            foreach (var client in readers)
            {
                client.Client.Close(0);
                client.Dispose();
            }
        }

        await Eventually(() => OpenBlobHandles() == 0, "the server still holds blob files of downloads whose clients went away");

        using var response = await s3.GetObjectAsync(bucket, "big");
        using var read = new MemoryStream();
        await response.ResponseStream.CopyToAsync(read);
        Assert.Equal(content, read.ToArray());
    }

    private async Task<string> PublicWriteBucketAsync()
    {
        using var s3 = server.CreateClient();
        var bucket = CofferServer.UniqueBucket("slow");
        await s3.PutBucketAsync(bucket);
        await s3.PutBucketPolicyAsync(bucket, PublicPolicy(bucket));
        return bucket;
    }

    private static string PublicPolicy(string bucket) => $$"""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
          "Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::{{bucket}}/*"}]}
        """;

    /// <summary>Declares <paramref name="declared"/> bytes, sends <paramref name="sent"/>, then resets the connection.</summary>
    private async Task SendPartOfBodyThenVanishAsync(string target, int declared, int sent)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"PUT {target} HTTP/1.1\r\nHost: {server.Endpoint.Authority}\r\nContent-Length: {declared}\r\n\r\n"));
        await stream.WriteAsync(new byte[sent]);
        await stream.FlushAsync();
        client.Client.Close(0);
    }

    private async Task AssertNoObjectAsync(string bucket, string key)
    {
        using var s3 = server.CreateClient();
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, key));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.DoesNotContain(listing.S3Objects ?? [], o => o.Key == key);
    }

    /// <summary>The upload's temporary file goes when the request ends; the request ends a moment after the socket does.</summary>
    private Task AssertNoTemporaryBlobsAsync() =>
        Eventually(
            () => !Directory.Exists(TemporaryFolder) || !Directory.EnumerateFileSystemEntries(TemporaryFolder).Any(),
            "a temporary blob file outlived its abandoned upload");

    private string TemporaryFolder => Path.Combine(server.DataDirectory, "blobs", "tmp");

    private SortedSet<string> BlobFiles() =>
        new(
            Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories)
                .Where(f => !f.StartsWith(TemporaryFolder, StringComparison.Ordinal)),
            StringComparer.Ordinal);

    /// <summary>File descriptors of this process (the server runs in it) open on a blob file.</summary>
    private int OpenBlobHandles()
    {
        var blobs = Path.GetFullPath(Path.Combine(server.DataDirectory, "blobs")) + "/";
        var count = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith(blobs, StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // Closed while we looked.
            }
        }

        return count;
    }

    private static async Task Eventually(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(100);
        }
    }

    /// <summary>A readable stream of zeros that fails after <c>failAfter</c> bytes, as a source that dies mid-upload.</summary>
    private sealed class FailingStream(long length, long failAfter) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter)
            {
                throw new IOException("the source of this upload failed");
            }

            var n = (int)Math.Min(count, Math.Min(failAfter, length) - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
