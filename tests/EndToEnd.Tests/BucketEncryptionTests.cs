using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// Bucket default encryption through the real server, as the AWS .NET SDK and the aws CLI set and read it: with an AES256
/// default, an object written without asking for encryption is sealed and every response about it says AES256; a bucket
/// without a configuration answers 404 (Coffer does not encrypt by default); SSE-C can be blocked.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public sealed class BucketEncryptionTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();

    public void Dispose() => _s3.Dispose();

    [Fact]
    public async Task PutBucketEncryption_WithAes256Default_SealsUnmarkedPutsAndEveryResponseSaysAes256()
    {
        var bucket = await BucketWithDefaultAsync("default-put");
        var (content, marker) = MarkedContent.Make(200_000);

        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "unmarked.bin", InputStream = new MemoryStream(content) });
        var head = await _s3.GetObjectMetadataAsync(bucket, "unmarked.bin");
        using var get = await _s3.GetObjectAsync(bucket, "unmarked.bin");

        Assert.Equal(ServerSideEncryptionMethod.AES256, put.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, head.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, get.ServerSideEncryptionMethod);
        Assert.Equal(content, await get.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server, marker));
    }

    [Fact]
    public async Task GetBucketEncryption_AfterPut_ReturnsTheRuleWithBucketKeyAndBlockedTypes()
    {
        var bucket = await BucketWithDefaultAsync("default-get");

        var rule = Assert.Single((await _s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket }))
            .ServerSideEncryptionConfiguration.ServerSideEncryptionRules);

        Assert.Equal(ServerSideEncryptionMethod.AES256, rule.ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm);
        Assert.False(rule.BucketKeyEnabled);
        Assert.Equal(["NONE"], rule.BlockedEncryptionTypes.EncryptionType);
    }

    [Fact]
    public async Task MultipartUpload_WithoutSseIntoAes256Bucket_SealsEveryPartAndEveryResponseSaysAes256()
    {
        var bucket = await BucketWithDefaultAsync("default-mpu");
        var (first, marker) = MarkedContent.Make(5 * 1024 * 1024);
        var (last, _) = MarkedContent.Make(100_000);

        var (created, parts, completed) = await _s3.UploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "volume.bin" }, first, last);
        var head = await _s3.GetObjectMetadataAsync(bucket, "volume.bin");

        Assert.Equal(ServerSideEncryptionMethod.AES256, created.ServerSideEncryptionMethod);
        Assert.All(parts, part => Assert.Equal(ServerSideEncryptionMethod.AES256, part.ServerSideEncryptionMethod));
        Assert.Equal(ServerSideEncryptionMethod.AES256, completed.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, head.ServerSideEncryptionMethod);
        Assert.False(DataDirectoryScan.Contains(server, marker));
    }

    [Fact]
    public async Task GetBucketEncryption_WithoutConfiguration_IsNotFoundBeforeAndAfterDelete()
    {
        var bucket = await BucketAsync("default-none");
        var aws = new AwsCli(server);
        var before = await aws.RunAsync("s3api", "get-bucket-encryption", "--bucket", bucket);
        await _s3.PutAes256DefaultAsync(bucket);

        await _s3.DeleteBucketEncryptionAsync(new DeleteBucketEncryptionRequest { BucketName = bucket });
        await _s3.DeleteBucketEncryptionAsync(new DeleteBucketEncryptionRequest { BucketName = bucket });
        var after = await aws.RunAsync("s3api", "get-bucket-encryption", "--bucket", bucket);

        // The .NET SDK turns the 404 into an empty configuration rather than an exception.
        var sdk = await _s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket });
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain.txt", ContentBody = "as written" });

        Assert.All([before, after], attempt =>
        {
            Assert.NotEqual(0, attempt.ExitCode);
            Assert.Contains("ServerSideEncryptionConfigurationNotFoundError", attempt.Error, StringComparison.Ordinal);
        });
        Assert.Empty(sdk.ServerSideEncryptionConfiguration?.ServerSideEncryptionRules ?? []);
        Assert.True(put.ServerSideEncryptionMethod is null || put.ServerSideEncryptionMethod == ServerSideEncryptionMethod.None);
    }

    [Fact]
    public async Task CopyObject_OfPlaintextIntoAes256Bucket_SealsTheCopy()
    {
        var source = await BucketAsync("copy-source");
        var bucket = await BucketWithDefaultAsync("copy-target");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = source, Key = "plain.txt", ContentBody = "plaintext" });

        var copy = await _s3.CopyObjectAsync(source, "plain.txt", bucket, "copy.txt");
        using var get = await _s3.GetObjectAsync(bucket, "copy.txt");

        Assert.Equal(ServerSideEncryptionMethod.AES256, copy.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, get.ServerSideEncryptionMethod);
        Assert.Equal("plaintext", await new StreamReader(get.ResponseStream).ReadToEndAsync());
    }

    [Fact]
    public async Task BlockedEncryptionTypesSseC_PutWithCustomerKey_IsAccessDenied_AndALaterPutWithoutTheElementKeepsTheBlock()
    {
        var bucket = await BucketAsync("block-sse-c");
        await _s3.BlockSseCAsync(bucket);
        await _s3.PutAes256DefaultAsync(bucket);

        var blocked = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "secret.txt",
            ContentBody = "customer key",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }));
        var rule = Assert.Single((await _s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket }))
            .ServerSideEncryptionConfiguration.ServerSideEncryptionRules);

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (blocked.StatusCode, blocked.ErrorCode));
        Assert.Contains("blocked upload requests that specify Server Side Encryption with Customer provided keys", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(["SSE-C"], rule.BlockedEncryptionTypes.EncryptionType);
        Assert.Equal(ServerSideEncryptionMethod.AES256, rule.ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm);
        Assert.Empty((await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
    }

    [Fact]
    public async Task AwsCli_PutBucketEncryptionThenCp_StoresTheObjectEncrypted()
    {
        var bucket = await BucketAsync("default-cli");
        var aws = new AwsCli(server);
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "report.csv");
        var (content, marker) = MarkedContent.Make(50_000);
        await File.WriteAllBytesAsync(file, content);

        await aws.RunCheckedAsync(
            "s3api", "put-bucket-encryption", "--bucket", bucket,
            "--server-side-encryption-configuration", """{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}""");
        using var configuration = JsonDocument.Parse(await aws.RunCheckedAsync("s3api", "get-bucket-encryption", "--bucket", bucket));
        await aws.RunCheckedAsync("s3", "cp", file, $"s3://{bucket}/reports/report.csv");
        using var head = JsonDocument.Parse(await aws.RunCheckedAsync("s3api", "head-object", "--bucket", bucket, "--key", "reports/report.csv"));

        var rule = configuration.RootElement.GetProperty("ServerSideEncryptionConfiguration").GetProperty("Rules")[0];
        Assert.Equal("AES256", rule.GetProperty("ApplyServerSideEncryptionByDefault").GetProperty("SSEAlgorithm").GetString());
        Assert.Equal("AES256", head.RootElement.GetProperty("ServerSideEncryption").GetString());
        Assert.False(DataDirectoryScan.Contains(server, marker));
    }

    private Task<string> BucketAsync(string hint) => _s3.CreateUniqueBucketAsync(hint);

    private async Task<string> BucketWithDefaultAsync(string hint)
    {
        var bucket = await BucketAsync(hint);
        await _s3.PutAes256DefaultAsync(bucket);
        return bucket;
    }
}
