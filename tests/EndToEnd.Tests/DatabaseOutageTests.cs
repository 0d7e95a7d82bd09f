using System.Net;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server.Hosting;
using Coffer.TestKit;
using Coffer.TestKit.Postgres;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// A node whose PostgreSQL goes away answers S3's 503 (which SDKs retry) and its readiness probe says so; when the
/// database is back, the node serves again by itself, with everything acknowledged before the outage intact.
/// </summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task Node_DatabaseHaltedThenRestarted_Answers503ThenServesAgainWithNothingLost()
    {
        // A cluster of its own: halting the shared one would fail every other test running meanwhile.
        await using var database = PostgresServer.Start(durable: true);
        await database.AdministerAsync("CREATE DATABASE coffer");
        using var data = new TempDirectory("coffer-outage-");
        var node = CofferServer.On(data.Path, configure: options => options with { Metadata = database.Uri("coffer") });
        await node.InitializeAsync();
        try
        {
            using var s3 = node.CreateClient(retries: false);
            using var http = new HttpClient();
            var ready = new Uri(node.Endpoint, HealthEndpoint.ReadyPath);
            await s3.PutBucketAsync("outage");
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "outage", Key = "before", ContentBody = "acknowledged before" });

            database.Halt();

            var put = await Assert.ThrowsAnyAsync<AmazonS3Exception>(
                () => s3.PutObjectAsync(new PutObjectRequest { BucketName = "outage", Key = "during", ContentBody = "refused" }));
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "ServiceUnavailable"), (put.StatusCode, put.ErrorCode));
            var get = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync("outage", "before"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, get.StatusCode);
            using (var probe = await http.GetAsync(ready))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, probe.StatusCode);
            }

            database.Restart();

            await WaitUntilServedAsync(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = "outage", Key = "after", ContentBody = "after" }));
            using var before = await s3.GetObjectAsync("outage", "before");
            Assert.Equal("acknowledged before", await new StreamReader(before.ResponseStream).ReadToEndAsync());
            var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "outage" });
            Assert.Equal(["after", "before"], listed.S3Objects.Select(o => o.Key));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(ready)).StatusCode);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>Connections the pool held before the outage fail once each; the node is back when a request succeeds.</summary>
    private static async Task WaitUntilServedAsync(Func<Task> request)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await request();
                return;
            }
            catch (AmazonS3Exception unavailable) when (unavailable.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
