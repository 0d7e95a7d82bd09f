using System.Diagnostics;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server;

using Rules = Coffer.Engine.Lifecycle;

namespace Coffer.EndToEnd.Tests;

/// <summary>A server whose lifecycle days last one second, so that its worker's passes come every second.</summary>
public sealed class OneSecondLifecycleDayServer : CofferServer
{
    protected override ServerOptions Configure(ServerOptions options) => base.Configure(options) with { LifecycleDayLength = TimeSpan.FromSeconds(1) };
}

/// <summary>
/// The lifecycle worker in the real server, on one-second days: rules set on a bucket act within a few passes, and
/// what they act on is seen through the AWS SDK's listings. Most rules are set through the engine
/// (<see cref="LifecycleConfigurations"/>); one test sets them with PutLifecycleConfiguration, as users do, and so do
/// the tests of <see cref="GlacierLifecycleTests"/>.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class LifecycleTests(OneSecondLifecycleDayServer server) : IClassFixture<OneSecondLifecycleDayServer>
{
    /// <summary>How long a test waits for passes; each comes a second after the last began.</summary>
    private static readonly TimeSpan PassWait = TimeSpan.FromSeconds(30);

    private readonly AmazonS3Client _s3 = server.CreateClient();

    [Fact]
    public async Task Expiration_OneDayRule_RemovesObjectsUnderThePrefixOnly()
    {
        var bucket = CofferServer.UniqueBucket("lcexpire");
        await _s3.PutBucketAsync(bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "logs/a.log", ContentBody = "a" });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "keep/b.txt", ContentBody = "b" });

        await LifecycleConfigurations.PutThroughEngineAsync(server, bucket, LifecycleConfigurations.Rule("logs/") with
        {
            Expiration = new Rules.LifecycleExpiration { Days = 1 },
        });

        await UntilAsync(async () => !(await KeysAsync(bucket)).Contains("logs/a.log"));
        Assert.Equal(["keep/b.txt"], await KeysAsync(bucket));
    }

    [Fact]
    public async Task NoncurrentExpiration_KeepsTheNewestNoncurrentVersionAndTheCurrentOne()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("lcnoncur");
        var written = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            written.Add((await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = $"v{i}" })).VersionId);
        }

        await LifecycleConfigurations.PutThroughEngineAsync(server, bucket, LifecycleConfigurations.Rule("") with
        {
            NoncurrentVersionExpiration = new Rules.NoncurrentVersionExpiration(1, 1),
        });

        await UntilAsync(async () => (await VersionIdsAsync(bucket)).Count == 2);
        Assert.Equal([written[3], written[2]], await VersionIdsAsync(bucket));
        Assert.Equal("v3", await ReadAsync(bucket, "k"));
    }

    [Fact]
    public async Task Expiration_VersionedBucket_HidesTheObjectThenTheLoneMarkerGoesWithItsVersion()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("lcmarker");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "v" });

        await LifecycleConfigurations.PutThroughEngineAsync(server, bucket, LifecycleConfigurations.Rule("") with
        {
            Expiration = new Rules.LifecycleExpiration { Days = 1 },
            NoncurrentVersionExpiration = new Rules.NoncurrentVersionExpiration(1, null),
        });

        // A delete marker hides the object; the version under it goes a day later, then the marker, alone and old enough.
        await UntilAsync(async () => (await _s3.ListVersionsAsync(bucket)).Versions is { Count: 0 } or null);
        Assert.Empty(await KeysAsync(bucket));
    }

    [Fact]
    public async Task AbortIncompleteMultipartUpload_RuleAbortsTheUploadAndFreesItsParts()
    {
        var bucket = CofferServer.UniqueBucket("lcabort");
        await _s3.PutBucketAsync(bucket);
        var upload = await _s3.InitiateMultipartUploadAsync(bucket, "tmp/big");
        await _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = "tmp/big",
            UploadId = upload.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream(new byte[1024]),
        });

        await LifecycleConfigurations.PutThroughEngineAsync(server, bucket, LifecycleConfigurations.Rule("tmp/") with
        {
            AbortIncompleteMultipartUploadDays = 1,
        });

        await UntilAsync(async () => (await _s3.ListMultipartUploadsAsync(bucket)).MultipartUploads is { Count: 0 } or null);
        var parts = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.ListPartsAsync(bucket, "tmp/big", upload.UploadId));
        Assert.Equal("NoSuchUpload", parts.ErrorCode);
    }

    [Fact]
    public async Task PutLifecycleConfiguration_ExpirationRule_ExpiresObjectsWithinAFewPasses()
    {
        var bucket = CofferServer.UniqueBucket("lcsdk");
        await _s3.PutBucketAsync(bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "tmp/a", ContentBody = "a" });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "keep/b", ContentBody = "b" });

        await _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    new LifecycleRule
                    {
                        Id = "tmp",
                        Status = LifecycleRuleStatus.Enabled,
                        Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = "tmp/" } },
                        Expiration = new LifecycleRuleExpiration { Days = 1 },
                    },
                ],
            },
        });

        await UntilAsync(async () => !(await KeysAsync(bucket)).Contains("tmp/a"));
        Assert.Equal(["keep/b"], await KeysAsync(bucket));
    }

    /// <summary>Polls until <paramref name="done"/> holds; fails after <see cref="PassWait"/>.</summary>
    private static async Task UntilAsync(Func<Task<bool>> done)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(waited.Elapsed < PassWait, $"not done after {PassWait.TotalSeconds} s of lifecycle passes");
            await Task.Delay(200);
        }
    }

    private async Task<List<string>> KeysAsync(string bucket) =>
        [.. ((await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []).Select(o => o.Key)];

    private async Task<List<string>> VersionIdsAsync(string bucket) =>
        [.. ((await _s3.ListVersionsAsync(bucket)).Versions ?? []).Select(v => v.VersionId)];

    private async Task<string> ReadAsync(string bucket, string key)
    {
        using var response = await _s3.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }
}
