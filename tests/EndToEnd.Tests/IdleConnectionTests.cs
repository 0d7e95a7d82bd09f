using System.Net.Sockets;
using System.Text;

using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>Many connections that send nothing (or half a request) hold a socket each and nothing more.</summary>
public sealed class IdleConnectionTests(CofferServer server) : IClassFixture<CofferServer>
{
    [Fact]
    public async Task ThousandIdleConnections_DoNotStarveRequests()
    {
        var idle = new List<TcpClient>();
        try
        {
            for (var batch = 0; batch < 10; batch++)
            {
                var clients = Enumerable.Range(0, 100).Select(_ => new TcpClient()).ToList();
                idle.AddRange(clients);
                await Task.WhenAll(clients.Select(c => c.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port)));
            }

            // Half of them start a request and stop half-way through its head, as a slowloris client does.
            var partialHead = Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {server.Endpoint.Authority}\r\n");
            await Task.WhenAll(idle.Where((_, i) => i % 2 == 0).Select(c => c.GetStream().WriteAsync(partialHead).AsTask()));

            using var s3 = server.CreateClient();
            var bucket = CofferServer.UniqueBucket("idle");
            await s3.PutBucketAsync(bucket);
            await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
            {
                var content = Encoding.UTF8.GetBytes($"served beside a thousand idle connections #{i}");
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"k{i}", InputStream = new MemoryStream(content) });
                using var response = await s3.GetObjectAsync(bucket, $"k{i}");
                using var read = new MemoryStream();
                await response.ResponseStream.CopyToAsync(read);
                Assert.Equal(content, read.ToArray());
            }));

            // They were really held open all along: none was shed to make room.
            var closed = idle.Count(c => c.Client.Poll(0, SelectMode.SelectRead) && c.Available == 0);
            Assert.Equal(0, closed);
        }
        finally
        {
            foreach (var client in idle)
            {
                client.Dispose();
            }
        }
    }
}
