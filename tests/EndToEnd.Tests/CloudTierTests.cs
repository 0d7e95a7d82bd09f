using System.Net;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The cloud tier with two real servers: a second Coffer is the S3 endpoint a first one keeps its GLACIER class in
/// (<c>--tier GLACIER=s3://bucket/prefix?endpoint=…</c>, keys in COFFER_TIER_GLACIER_*). A lifecycle rule moves a
/// volume there, its bytes leave the first server's disk for the second's bucket, and a restore brings a copy back.
/// </summary>
public sealed class CloudTierTests
{
    private const string TierBucket = "cold-tier";
    private const string TierKey = "tieradmin";
    private const string TierSecret = "tier-secret-for-the-cloud-tier-test";

    [Fact]
    public async Task LifecycleTransition_ToCloudTier_MovesTheBytesToTheOtherServerAndRestoreReadsThemBack()
    {
        using var tierData = new TempDirectory("coffer-cloud-tier-");
        using var tier = await ServerProcess.StartAsync(tierData.Path, TierKey, TierSecret);
        using var tierClient = Client(tier.Endpoint, TierKey, TierSecret);
        await tierClient.PutBucketAsync(TierBucket);

        using var mainData = new TempDirectory("coffer-cloud-main-");
        using var main = await ServerProcess.StartAsync(
            mainData.Path,
            "mainadmin",
            "main-secret-for-the-cloud-tier-test",
            arguments: ["--lifecycle-day-seconds", "2", "--tier", $"GLACIER=s3://{TierBucket}/coffer?endpoint={tier.Endpoint.GetLeftPart(UriPartial.Authority)}"],
            environment: new Dictionary<string, string>
            {
                ["COFFER_TIER_GLACIER_ACCESS_KEY_ID"] = TierKey,
                ["COFFER_TIER_GLACIER_SECRET_ACCESS_KEY"] = TierSecret,
            });
        using var s3 = Client(main.Endpoint, "mainadmin", "main-secret-for-the-cloud-tier-test");
        const string bucket = "backups";
        await s3.PutBucketAsync(bucket);
        var (content, marker) = MarkedContent.Make(3 * 1024 * 1024);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "vol-1.zip", InputStream = new MemoryStream(content) });
        await s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    new LifecycleRule
                    {
                        Id = "to-the-cloud",
                        Status = LifecycleRuleStatus.Enabled,
                        Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = "" } },
                        Transitions = [new LifecycleTransition { Days = 1, StorageClass = S3StorageClass.Glacier }],
                    },
                ],
            },
        });

        await WaitAsync(async () => (await s3.GetObjectMetadataAsync(bucket, "vol-1.zip")).StorageClass == S3StorageClass.Glacier, "the transition");
        var inTier = await tierClient.ListObjectsV2Async(new ListObjectsV2Request { BucketName = TierBucket, Prefix = "coffer/" });
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "vol-1.zip"));

        var tierObject = Assert.Single(inTier.S3Objects);
        Assert.Equal(content.Length, tierObject.Size);
        Assert.False(DataDirectoryScan.Contains(mainData.Path, marker), "the volume's bytes are still on the first server's disk");
        Assert.Equal("InvalidObjectState", refused.ErrorCode);

        var restore = await s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = bucket, Key = "vol-1.zip", Days = 30 });
        await WaitAsync(async () => (await s3.GetObjectMetadataAsync(bucket, "vol-1.zip")).RestoreExpiration is not null, "the restore");
        using var get = await s3.GetObjectAsync(bucket, "vol-1.zip");

        Assert.Equal(HttpStatusCode.Accepted, restore.HttpStatusCode);
        Assert.Equal(content, await get.ReadAllBytesAsync());
    }

    private static AmazonS3Client Client(Uri endpoint, string key, string secret) => new(
        new BasicAWSCredentials(key, secret),
        new AmazonS3Config { ServiceURL = endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within 90 s");
            await Task.Delay(250);
        }
    }
}
