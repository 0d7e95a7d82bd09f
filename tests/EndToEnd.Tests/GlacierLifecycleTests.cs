using System.Net;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Engine.Tiers;
using Coffer.Server;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>A server on two-second lifecycle days whose GLACIER objects live in a directory tier.</summary>
public sealed class GlacierLifecycleServer : CofferServer
{
    public TempDirectory GlacierTier { get; } = new("coffer-glacier-lc-");

    protected override ServerOptions Configure(ServerOptions options) => options with
    {
        LifecycleDayLength = TimeSpan.FromSeconds(2),
        Tiers = [new DirectoryTierLocation("GLACIER", GlacierTier.Path)],
    };
}

/// <summary>
/// Duplicati's documented pattern, end to end with the AWS .NET SDK: volumes uploaded with a storage class under a
/// folder prefix, a lifecycle rule that moves them to GLACIER, reads that then fail with InvalidObjectState, a restore,
/// and reads that work again; the archived bytes sit in the GLACIER tier's directory meanwhile.
/// </summary>
public sealed class GlacierLifecycleTests(GlacierLifecycleServer server) : IClassFixture<GlacierLifecycleServer>, IDisposable
{
    private static readonly TimeSpan PassWait = TimeSpan.FromSeconds(60);

    private readonly AmazonS3Client _s3 = server.CreateClient();

    public void Dispose() => _s3.Dispose();

    [Fact]
    public async Task LifecycleTransitionToGlacier_ThenRestore_ReadsTheVolumesBack()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("duplicati");
        var volumes = new Dictionary<string, byte[]>();
        for (var i = 1; i <= 3; i++)
        {
            var (content, _) = MarkedContent.Make(300_000 + i);
            volumes[$"backup/duplicati-b{i}.dblock.zip"] = content;
            await _s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = $"backup/duplicati-b{i}.dblock.zip",
                InputStream = new MemoryStream(content),
                StorageClass = S3StorageClass.StandardInfrequentAccess,
            });
        }

        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "elsewhere/keep.zip", InputStream = new MemoryStream(new byte[200_000]) });
        await _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    new LifecycleRule
                    {
                        Id = "cold-volumes",
                        Status = LifecycleRuleStatus.Enabled,
                        Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = "backup/" } },
                        Transitions = [new LifecycleTransition { Days = 1, StorageClass = S3StorageClass.Glacier }],
                    },
                ],
            },
        });

        foreach (var key in volumes.Keys)
        {
            await WaitForClassAsync(bucket, key, S3StorageClass.Glacier);
        }

        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, volumes.Keys.First()));
        var untouched = await _s3.GetObjectMetadataAsync(bucket, "elsewhere/keep.zip");
        Assert.Equal((HttpStatusCode.Forbidden, "InvalidObjectState"), (refused.StatusCode, refused.ErrorCode));
        Assert.Null(untouched.StorageClass);
        foreach (var content in volumes.Values)
        {
            Assert.True(DataDirectoryScan.Contains(server.GlacierTier.Path, content.AsSpan(0, 64).ToArray()));
            Assert.False(DataDirectoryScan.Contains(server, content.AsSpan(0, 64).ToArray()));
        }

        foreach (var key in volumes.Keys)
        {
            var restore = await _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = bucket, Key = key, Days = 30, Tier = GlacierJobTier.Bulk });
            Assert.Equal(HttpStatusCode.Accepted, restore.HttpStatusCode);
        }

        foreach (var (key, content) in volumes)
        {
            await WaitForRestoredAsync(bucket, key);
            using var get = await _s3.GetObjectAsync(bucket, key);
            Assert.Equal(S3StorageClass.Glacier, get.StorageClass);
            Assert.Equal(content, await get.ReadAllBytesAsync());
        }
    }

    private async Task WaitForClassAsync(string bucket, string key, S3StorageClass storageClass)
    {
        var deadline = DateTime.UtcNow + PassWait;
        while ((await _s3.GetObjectMetadataAsync(bucket, key)).StorageClass != storageClass)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{key} did not become {storageClass} within {PassWait}");
            await Task.Delay(250);
        }
    }

    private async Task WaitForRestoredAsync(string bucket, string key)
    {
        var deadline = DateTime.UtcNow + PassWait;
        while ((await _s3.GetObjectMetadataAsync(bucket, key)).RestoreExpiration is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{key} was not restored within {PassWait}");
            await Task.Delay(250);
        }
    }
}
