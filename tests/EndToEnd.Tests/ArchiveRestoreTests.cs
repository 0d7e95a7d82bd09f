using System.Net;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Hostile;
using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Engine.Tiers;
using Coffer.Server;
using Coffer.TestKit;
using Coffer.TestKit.Signing;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// A server whose GLACIER objects live in a directory tier of their own (a cheaper disk, say) and whose DEEP_ARCHIVE
/// objects stay in the data directory; Bulk restores take an hour, the others are done as soon as the copy is.
/// </summary>
public sealed class TieredCofferServer : CofferServer
{
    public TempDirectory GlacierTier { get; } = new("coffer-glacier-tier-");

    protected override ServerOptions Configure(ServerOptions options) => options with
    {
        Tiers = [new DirectoryTierLocation("GLACIER", GlacierTier.Path)],
        RestoreDelays = Engine.Archive.RestoreDelays.None with { Bulk = TimeSpan.FromHours(1) },
    };
}

/// <summary>
/// Archive classes as Duplicati's documentation has users rely on them: a volume uploaded as GLACIER (or moved there)
/// is listed and HEAD-able but cannot be read or copied until RestoreObject brings a copy back; the restored copy is
/// read until it expires; the object keeps its class. Driven with the AWS .NET SDK and the aws CLI.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public sealed class ArchiveRestoreTests(TieredCofferServer server) : IClassFixture<TieredCofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();

    public void Dispose() => _s3.Dispose();

    [Fact]
    public async Task GetObject_OfGlacierObjectNotRestored_ReturnsInvalidObjectStateAndHeadShowsTheClass()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("archived-get");
        await PutAsync(bucket, "vol-1.zip", 300_000, S3StorageClass.Glacier);

        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "vol-1.zip"));
        var head = await _s3.GetObjectMetadataAsync(bucket, "vol-1.zip");
        var listed = Assert.Single((await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("InvalidObjectState", refused.ErrorCode);
        Assert.Equal(S3StorageClass.Glacier, head.StorageClass);
        Assert.Null(head.RestoreExpiration);
        Assert.Equal(S3StorageClass.Glacier, listed.StorageClass);
    }

    [Fact]
    public async Task PutObject_AsGlacier_WritesTheBlobIntoTheGlacierTierDirectory()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("archived-place");
        var (content, marker) = MarkedContent.Make(200_000);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "placed", InputStream = new MemoryStream(content), StorageClass = S3StorageClass.Glacier });

        Assert.True(DataDirectoryScan.Contains(server.GlacierTier.Path, marker));
        Assert.False(DataDirectoryScan.Contains(server, marker));
    }

    [Fact]
    public async Task RestoreObject_OfGlacierObject_Returns202ThenTheCopyIsReadableWithItsExpiry()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("restore-read");
        var content = await PutAsync(bucket, "vol-2.zip", 700_000, S3StorageClass.Glacier);

        var restore = await _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = bucket, Key = "vol-2.zip", Days = 3, Tier = GlacierJobTier.Standard });
        var head = await WaitForRestoreAsync(bucket, "vol-2.zip");
        using var get = await _s3.GetObjectAsync(bucket, "vol-2.zip");
        var body = await get.ReadAllBytesAsync();

        Assert.Equal(HttpStatusCode.Accepted, restore.HttpStatusCode);
        Assert.False(head.RestoreInProgress);
        Assert.NotNull(head.RestoreExpiration);
        Assert.True(head.RestoreExpiration > DateTime.UtcNow.AddDays(2), $"expiry {head.RestoreExpiration:o}");
        Assert.Equal(S3StorageClass.Glacier, head.StorageClass);
        Assert.Equal(S3StorageClass.Glacier, get.StorageClass);
        Assert.Equal(content, body);
    }

    [Fact]
    public async Task ListObjectsV2_WithRestoreStatus_ListsEachArchivedObjectsRestore()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("restore-list");
        await PutAsync(bucket, "done", 1000, S3StorageClass.DeepArchive);
        await PutAsync(bucket, "waiting", 1000, S3StorageClass.Glacier);
        await PutAsync(bucket, "never", 1000, S3StorageClass.Glacier);
        await _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = bucket, Key = "done", Days = 5 });
        await WaitForRestoreAsync(bucket, "done");
        await _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = bucket, Key = "waiting", Days = 5, Tier = GlacierJobTier.Bulk });

        var listed = (await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, OptionalObjectAttributes = ["RestoreStatus"] }))
            .S3Objects.ToDictionary(o => o.Key);
        var plain = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.False(listed["done"].RestoreStatus.IsRestoreInProgress);
        Assert.True(listed["done"].RestoreStatus.RestoreExpiryDate > DateTime.UtcNow.AddDays(4));
        Assert.True(listed["waiting"].RestoreStatus.IsRestoreInProgress);
        Assert.Null(listed["never"].RestoreStatus);
        Assert.All(plain.S3Objects, o => Assert.Null(o.RestoreStatus));
    }

    [Fact]
    public async Task RestoreObject_OfRestoredObject_Returns200AndMovesTheExpiry()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("restore-extend");
        await PutAsync(bucket, "vol-3.zip", 1000, S3StorageClass.DeepArchive);
        await _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = bucket, Key = "vol-3.zip", Days = 1 });
        var first = await WaitForRestoreAsync(bucket, "vol-3.zip");

        var again = await _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = bucket, Key = "vol-3.zip", Days = 10 });
        var second = await _s3.GetObjectMetadataAsync(bucket, "vol-3.zip");

        Assert.Equal(HttpStatusCode.OK, again.HttpStatusCode);
        Assert.True(second.RestoreExpiration > first.RestoreExpiration!.Value.AddDays(8), $"{first.RestoreExpiration:o} then {second.RestoreExpiration:o}");
    }

    [Fact]
    public async Task RestoreObject_WhileOneIsInProgress_ReturnsRestoreAlreadyInProgressAndHeadSaysOngoing()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("restore-busy");
        await PutAsync(bucket, "vol-4.zip", 1000, S3StorageClass.Glacier);
        var started = await _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = bucket, Key = "vol-4.zip", Days = 1, Tier = GlacierJobTier.Bulk });

        var busy = await Assert.ThrowsAnyAsync<AmazonS3Exception>(
            () => _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = bucket, Key = "vol-4.zip", Days = 2 }));
        var head = await _s3.GetObjectMetadataAsync(bucket, "vol-4.zip");
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "vol-4.zip"));

        Assert.Equal(HttpStatusCode.Accepted, started.HttpStatusCode);
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Equal("RestoreAlreadyInProgress", busy.ErrorCode);
        Assert.True(head.RestoreInProgress);
        Assert.Equal("InvalidObjectState", refused.ErrorCode);
    }

    [Fact]
    public async Task RestoreObject_OfStandardObject_ReturnsInvalidObjectState()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("restore-hot");
        await PutAsync(bucket, "hot", 1000, S3StorageClass.StandardInfrequentAccess);

        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(
            () => _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = bucket, Key = "hot", Days = 1 }));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("InvalidObjectState", refused.ErrorCode);
    }

    [Fact]
    public async Task CopyObject_FromGlacierNotRestored_ReturnsInvalidObjectStateAndAfterRestoreCopiesToStandard()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("restore-copy");
        var content = await PutAsync(bucket, "cold", 400_000, S3StorageClass.Glacier);

        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CopyObjectAsync(bucket, "cold", bucket, "warm"));
        await _s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = bucket, Key = "cold", Days = 1 });
        await WaitForRestoreAsync(bucket, "cold");
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "cold",
            DestinationBucket = bucket,
            DestinationKey = "cold",
            StorageClass = S3StorageClass.Standard,
        });
        var head = await _s3.GetObjectMetadataAsync(bucket, "cold");
        using var get = await _s3.GetObjectAsync(bucket, "cold");

        Assert.Equal("InvalidObjectState", refused.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Null(head.StorageClass);
        Assert.Null(head.RestoreExpiration);
        Assert.Equal(content, await get.ReadAllBytesAsync());
    }

    [Theory]
    [InlineData("<RestoreRequest><Days>0</Days></RestoreRequest>", 400, "InvalidArgument")]
    [InlineData("<RestoreRequest><GlacierJobParameters><Tier>Standard</Tier></GlacierJobParameters></RestoreRequest>", 400, "InvalidArgument")]
    [InlineData("<RestoreRequest><Days>1</Days><GlacierJobParameters><Tier>Fast</Tier></GlacierJobParameters></RestoreRequest>", 400, "MalformedXML")]
    [InlineData("<RestoreRequest><Days>x</Days></RestoreRequest>", 400, "MalformedXML")]
    [InlineData("<RestoreRequest><Type>SELECT</Type><Days>1</Days></RestoreRequest>", 501, "NotImplemented")]
    public async Task RestoreObject_WithBadRequest_ReturnsS3ErrorAndStartsNothing(string document, int status, string code)
    {
        var bucket = await _s3.CreateUniqueBucketAsync("restore-bad");
        await PutAsync(bucket, "cold", 100, S3StorageClass.Glacier);
        var raw = new RawS3Client(server.Endpoint, new SigV4Signer(server.AccessKey, server.SecretKey, CofferServer.Region));

        var response = await raw.SendAsync(raw.Sign("POST", $"/{bucket}/cold?restore", RawS3Client.Utf8(document)));
        var head = await _s3.GetObjectMetadataAsync(bucket, "cold");

        Assert.Equal((status, code), (response.Status, response.ErrorCode));
        Assert.Null(head.RestoreExpiration);
        Assert.NotEqual(true, head.RestoreInProgress);
    }

    [Fact]
    public async Task AwsCli_RestoreObject_ThenGet_ReadsTheObject()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("restore-cli");
        var content = await PutAsync(bucket, "backup/vol-5.zip", 50_000, S3StorageClass.Glacier);
        using var folder = new TempDirectory("coffer-cli-restore-");
        var target = Path.Combine(folder.Path, "vol-5.zip");

        var cli = new AwsCli(server);
        var before = await cli.RunAsync("s3api", "get-object", "--bucket", bucket, "--key", "backup/vol-5.zip", target);
        var restore = await cli.RunAsync(
            "s3api", "restore-object", "--bucket", bucket, "--key", "backup/vol-5.zip", "--restore-request", """{"Days":2,"GlacierJobParameters":{"Tier":"Expedited"}}""");
        await WaitForRestoreAsync(bucket, "backup/vol-5.zip");
        var after = await cli.RunAsync("s3api", "get-object", "--bucket", bucket, "--key", "backup/vol-5.zip", target);

        Assert.NotEqual(0, before.ExitCode);
        Assert.Contains("InvalidObjectState", before.Error, StringComparison.Ordinal);
        Assert.Equal(0, restore.ExitCode);
        Assert.Equal(0, after.ExitCode);
        Assert.Contains("ongoing-request=\\\"false\\\"", after.Output, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(target));
    }

    private async Task<byte[]> PutAsync(string bucket, string key, int size, S3StorageClass storageClass)
    {
        var content = new byte[size];
        Random.Shared.NextBytes(content);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(content), StorageClass = storageClass });
        return content;
    }

    /// <summary>Polls HEAD until the restore is done; the worker takes a round (a couple of seconds at most).</summary>
    private async Task<GetObjectMetadataResponse> WaitForRestoreAsync(string bucket, string key)
    {
        for (var attempt = 0; ; attempt++)
        {
            var head = await _s3.GetObjectMetadataAsync(bucket, key);
            if (head.RestoreExpiration is not null || attempt == 100)
            {
                return head;
            }

            await Task.Delay(100);
        }
    }
}
