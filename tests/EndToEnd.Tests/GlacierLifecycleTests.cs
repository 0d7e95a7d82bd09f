using System.Net;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Engine.Tiers;
using Coffer.Server;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>A server on two-second lifecycle days whose GLACIER objects live in a directory tier; SSE-C is allowed over HTTP.</summary>
public sealed class GlacierLifecycleServer : CofferServer
{
    public TempDirectory GlacierTier { get; } = new("coffer-glacier-lc-");

    protected override ServerOptions Configure(ServerOptions options) => options with
    {
        LifecycleDayLength = TimeSpan.FromSeconds(2),
        Tiers = [new DirectoryTierLocation("GLACIER", GlacierTier.Path)],
        AllowCustomerKeysOverHttp = true,
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

    /// <summary>
    /// A transition copies sealed bytes as they are into the tier, and a restore copies them back, each into a blob with
    /// another id: the copies must still open under the key and the id they were sealed with, SSE-C ones too (whose key
    /// the server never keeps, so it could not seal them again). The plaintext is nowhere on disk meanwhile.
    /// </summary>
    [Fact]
    public async Task LifecycleTransitionThenRestore_OfSealedObjects_ReadsEachBackUnderItsEncryption()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("sealed-cold");
        var customerKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var puts = new Dictionary<string, Action<PutObjectRequest>>
        {
            ["sse-s3"] = request => request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
            ["sse-kms"] = request => request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ["dsse-kms"] = request => request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMSDSSE,
            ["sse-c"] = request =>
            {
                request.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
                request.ServerSideEncryptionCustomerProvidedKey = customerKey;
            },
            ["sse-s3-small"] = request => request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        };
        var contents = new Dictionary<string, (byte[] Content, byte[] Marker)>();
        foreach (var (name, seal) in puts)
        {
            // The small one is kept inline in the database until its transition writes it into the tier.
            contents[name] = MarkedContent.Make(name.EndsWith("-small", StringComparison.Ordinal) ? 3_000 : 300_000);
            var request = new PutObjectRequest { BucketName = bucket, Key = $"cold/{name}", InputStream = new MemoryStream(contents[name].Content) };
            seal(request);
            await _s3.PutObjectAsync(request);
        }

        await _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    new LifecycleRule
                    {
                        Id = "seal-and-freeze",
                        Status = LifecycleRuleStatus.Enabled,
                        Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = "cold/" } },
                        Transitions = [new LifecycleTransition { Days = 1, StorageClass = S3StorageClass.Glacier }],
                    },
                ],
            },
            TransitionDefaultMinimumObjectSize = TransitionDefaultMinimumObjectSize.VariesByStorageClass,
        });
        foreach (var name in puts.Keys)
        {
            await WaitForClassAsync(bucket, $"cold/{name}", S3StorageClass.Glacier, name == "sse-c" ? customerKey : null);
            await _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = bucket, Key = $"cold/{name}", Days = 5 });
        }

        // Every copy is made before the disk is searched: a copy still being written is a file no scan may open.
        foreach (var name in contents.Keys)
        {
            await WaitForRestoredAsync(bucket, $"cold/{name}", name == "sse-c" ? customerKey : null);
        }

        foreach (var (name, (content, marker)) in contents)
        {
            var get = new GetObjectRequest { BucketName = bucket, Key = $"cold/{name}" };
            if (name == "sse-c")
            {
                get.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
                get.ServerSideEncryptionCustomerProvidedKey = customerKey;
            }

            using var response = await _s3.GetObjectAsync(get);
            Assert.Equal(S3StorageClass.Glacier, response.StorageClass);
            Assert.Equal(content, await response.ReadAllBytesAsync());
            Assert.False(DataDirectoryScan.Contains(server.GlacierTier.Path, marker), $"{name}: plaintext in the tier");
            Assert.False(DataDirectoryScan.Contains(server, marker), $"{name}: plaintext in the data directory");
        }
    }

    private async Task WaitForClassAsync(string bucket, string key, S3StorageClass storageClass, string? customerKey = null)
    {
        var deadline = DateTime.UtcNow + PassWait;
        while ((await HeadAsync(bucket, key, customerKey)).StorageClass != storageClass)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{key} did not become {storageClass} within {PassWait}");
            await Task.Delay(250);
        }
    }

    private async Task WaitForRestoredAsync(string bucket, string key, string? customerKey = null)
    {
        var deadline = DateTime.UtcNow + PassWait;
        while ((await HeadAsync(bucket, key, customerKey)).RestoreExpiration is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{key} was not restored within {PassWait}");
            await Task.Delay(250);
        }
    }

    /// <summary>A HEAD, with the customer key for an SSE-C object (which S3 refuses to HEAD without it).</summary>
    private Task<GetObjectMetadataResponse> HeadAsync(string bucket, string key, string? customerKey) =>
        _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest
        {
            BucketName = bucket,
            Key = key,
            ServerSideEncryptionCustomerMethod = customerKey is null ? null : ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = customerKey,
        });
}
