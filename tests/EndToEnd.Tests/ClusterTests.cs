using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server.Configuration;
using Coffer.Server.Hosting;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// Three nodes on one PostgreSQL database and one shared data directory: any node answers any request, with strong
/// read-after-write and list-after-write across nodes, conditional writes atomic across them, and a revoked key
/// refused by every node within a second.
/// </summary>
public sealed class ClusterTests(CofferCluster cluster) : IClassFixture<CofferCluster>
{
    private const int Writers = 20;

    [Fact]
    public async Task Object_WrittenThroughEachNode_IsReadAndListedThroughEveryOther()
    {
        var bucket = CofferServer.UniqueBucket("cluster-rw");
        using var first = cluster.Nodes[0].CreateClient();
        await first.PutBucketAsync(bucket);

        for (var writer = 0; writer < cluster.Nodes.Count; writer++)
        {
            var body = RandomNumberGenerator.GetBytes(64 * 1024 + writer);
            using var through = cluster.Nodes[writer].CreateClient();
            await through.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"from-{writer}", InputStream = new MemoryStream(body) });

            for (var reader = 0; reader < cluster.Nodes.Count; reader++)
            {
                using var readerClient = cluster.Nodes[reader].CreateClient();
                using var read = await readerClient.GetObjectAsync(bucket, $"from-{writer}");
                using var copy = new MemoryStream();
                await read.ResponseStream.CopyToAsync(copy);
                Assert.Equal(body, copy.ToArray());

                var listed = await readerClient.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
                Assert.Equal(Enumerable.Range(0, writer + 1).Select(i => $"from-{i}"), listed.S3Objects.Select(o => o.Key));
            }
        }

        using var last = cluster.Nodes[^1].CreateClient();
        await last.DeleteObjectAsync(bucket, "from-0");
        var afterDelete = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => first.GetObjectAsync(bucket, "from-0"));
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
    }

    [Fact]
    public async Task PutObject_TwentyIfNoneMatchCreatesSpreadOverThreeNodes_ExactlyOneWins()
    {
        var bucket = CofferServer.UniqueBucket("cluster-race");
        var clients = cluster.Nodes.Select(node => node.CreateClient(retries: false)).ToList();
        await clients[0].PutBucketAsync(bucket);
        var bodies = Enumerable.Range(0, Writers).Select(_ => RandomNumberGenerator.GetBytes(16 * 1024)).ToArray();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = bodies.Select(async (body, i) =>
        {
            await gate.Task;
            try
            {
                var response = await clients[i % clients.Count].PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = "lock",
                    InputStream = new MemoryStream(body),
                    IfNoneMatch = "*",
                });
                return (Body: body, Error: (AmazonS3Exception?)null, response.ETag);
            }
            catch (AmazonS3Exception error)
            {
                return (Body: body, Error: error, ETag: (string?)null);
            }
        }).ToArray();
        gate.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        var winner = Assert.Single(outcomes, outcome => outcome.Error is null);
        Assert.All(outcomes.Where(outcome => outcome.Error is not null), outcome => Assert.True(
            (outcome.Error!.StatusCode, outcome.Error.ErrorCode) is (HttpStatusCode.PreconditionFailed, "PreconditionFailed")
                or (HttpStatusCode.Conflict, "ConditionalRequestConflict"),
            $"a losing writer got {(int)outcome.Error.StatusCode} {outcome.Error.ErrorCode}: {outcome.Error.Message}"));
        foreach (var client in clients)
        {
            using var stored = await client.GetObjectAsync(bucket, "lock");
            using var copy = new MemoryStream();
            await stored.ResponseStream.CopyToAsync(copy);
            Assert.Equal(winner.Body, copy.ToArray());
            client.Dispose();
        }
    }

    [Fact]
    public async Task AccessKey_DeactivatedThroughOneNode_IsRefusedByEveryNodeWithinASecond()
    {
        var bucket = CofferServer.UniqueBucket("cluster-keys");
        using (var root = cluster.Nodes[0].CreateClient())
        {
            await root.PutBucketAsync(bucket);
        }

        var user = "revoked-" + Guid.NewGuid().ToString("N")[..8];
        var key = await new IamUsers(cluster.Nodes[0]).CreateAsync(user, IamUsers.AllowOnBucket(bucket, "s3:ListBucket"));
        var clients = cluster.Nodes.Select(node => node.CreateClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey))).ToList();

        // Every node has the key in its cache: without the shared change feed, each would keep serving it for the
        // cache's five seconds.
        foreach (var client in clients)
        {
            await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        }

        await new AwsCli(cluster.Nodes[0]).RunCheckedAsync(
            "iam", "update-access-key", "--user-name", user, "--access-key-id", key.AccessKeyId, "--status", "Inactive");
        var revoked = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(1) - revoked.Elapsed);

        foreach (var client in clients)
        {
            var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));
            Assert.Equal(("InvalidAccessKeyId", HttpStatusCode.Forbidden), (refused.ErrorCode, refused.StatusCode));
            client.Dispose();
        }
    }

    [Fact]
    public async Task Node_OnADataDirectoryTheOthersDoNotShare_RefusesToStartInOneLine()
    {
        using var elsewhere = new TempDirectory("coffer-not-shared-");
        var stranger = CofferServer.On(elsewhere.Path, configure: options => options with { Metadata = cluster.MetadataUri });

        var refused = await Assert.ThrowsAsync<ConfigurationException>(stranger.InitializeAsync);

        Assert.Contains("is not the blob directory the other nodes on this database share", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public async Task EmbeddedServer_OnTheDirectoryTheNodesShare_IsRefused()
    {
        var embedded = CofferServer.On(cluster.DataDirectory);

        await Assert.ThrowsAsync<DataDirectoryInUseException>(embedded.InitializeAsync);
    }

    [Fact]
    public async Task ReadyProbe_NodeWhoseSharedDirectoryLostItsMarker_Answers503UntilItIsBack()
    {
        using var http = new HttpClient();
        var ready = new Uri(cluster.Nodes[1].Endpoint, HealthEndpoint.ReadyPath);
        var marker = Path.Combine(cluster.DataDirectory, MetadataStoresMarker);
        var saved = await File.ReadAllBytesAsync(marker);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(ready)).StatusCode);

        File.Delete(marker);
        try
        {
            using var lost = await http.GetAsync(ready);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
            Assert.Contains("not mounted there any more", await lost.Content.ReadAsStringAsync());
        }
        finally
        {
            await File.WriteAllBytesAsync(marker, saved);
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(ready)).StatusCode);
    }

    [Fact]
    public async Task AdminScrub_WithTheDeploymentsDatabase_ChecksEveryBlobTheNodesWrote()
    {
        var bucket = CofferServer.UniqueBucket("cluster-scrub");
        using var s3 = cluster.Nodes[1].CreateClient();
        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "big", InputStream = new MemoryStream(RandomNumberGenerator.GetBytes(300_000)) });

        var scrub = await CofferCommand.RunAsync(TimeSpan.FromMinutes(2), "admin", "scrub", "--data", cluster.DataDirectory, "--metadata", cluster.MetadataUri);

        Assert.True(scrub.ExitCode == 0, scrub.Output + scrub.Error);
        Assert.Contains("No damage found.", scrub.Output);
    }

    [Fact]
    public async Task AdminRotateMaster_OnTheSharedDirectory_RefusesAndChangesNothing()
    {
        var keyFile = Path.Combine(cluster.DataDirectory, "master.key");
        var before = await File.ReadAllBytesAsync(keyFile);

        var rotate = await CofferCommand.RunAsync(TimeSpan.FromMinutes(1), "admin", "kms", "rotate-master", "--data", cluster.DataDirectory);

        Assert.NotEqual(0, rotate.ExitCode);
        Assert.Contains("deployment on PostgreSQL", rotate.Error);
        Assert.Equal(before, await File.ReadAllBytesAsync(keyFile));
    }

    // What the node keeps in its data directory to recognise it (Server's MetadataStores.MarkerFileName, internal there).
    private const string MetadataStoresMarker = "blob-directory.id";
}
