using System.Net;
using System.Text;
using System.Text.Json;

using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// SSE-KMS through the real server: keys made with the KMS API (AWSSDK.KeyManagementService, the aws CLI), objects
/// written and read with AWSSDK.S3 and the aws CLI, sealed under those keys and never on disk in plaintext; the key's
/// state and the caller's kms:* permissions decide, as on AWS.
/// </summary>
public sealed class SseKmsTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();

    private readonly AmazonKeyManagementServiceClient _kms = server.CreateKmsClient();

    public void Dispose()
    {
        _s3.Dispose();
        _kms.Dispose();
    }

    [Fact]
    public async Task PutObject_WithKmsKeyByAlias_IsSealedAndAnsweredWithTheKeyArn()
    {
        var (keyArn, alias) = await KeyWithAliasAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("kms");
        var (content, marker) = MarkedContent.Make(300_000);
        var context = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"project":"photos"}"""));

        var put = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "a.bin",
            InputStream = new MemoryStream(content),
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = alias,
            ServerSideEncryptionKeyManagementServiceEncryptionContext = context,
        });
        var head = await _s3.GetObjectMetadataAsync(bucket, "a.bin");
        using var get = await _s3.GetObjectAsync(bucket, "a.bin");
        using var ranged = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "a.bin", ByteRange = new ByteRange(100_000, 165_535) });

        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, put.ServerSideEncryptionMethod);
        Assert.Equal(keyArn, put.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, head.ServerSideEncryptionMethod);
        Assert.Equal(keyArn, head.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Equal(keyArn, get.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Equal(content, await get.ReadAllBytesAsync());
        Assert.Equal(content.AsSpan(100_000, 65_536).ToArray(), await ranged.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server, marker));
    }

    [Fact]
    public async Task PutObject_WithKmsAndNoKey_UsesTheAwsS3KeyMadeOnFirstUse()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("kms-default");

        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS });
        var managed = await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/aws/s3" });

        Assert.Equal(managed.KeyMetadata.Arn, put.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Equal(KeyManagerType.AWS, managed.KeyMetadata.KeyManager);
        await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => _kms.DisableKeyAsync(new DisableKeyRequest { KeyId = managed.KeyMetadata.KeyId }));
    }

    [Fact]
    public async Task MultipartUpload_WithKmsKey_SealsEveryPartUnderTheKey()
    {
        var (keyArn, _) = await KeyWithAliasAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("kms-mpu");
        var (first, marker) = MarkedContent.Make(5 * 1024 * 1024);
        var (last, _) = MarkedContent.Make(70_000);

        var (created, parts, completed) = await _s3.UploadAsync(
            new InitiateMultipartUploadRequest
            {
                BucketName = bucket,
                Key = "volume.bin",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = keyArn,
            },
            first,
            last);
        using var get = await _s3.GetObjectAsync(bucket, "volume.bin");

        Assert.Equal(keyArn, created.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.All(parts, part => Assert.Equal((ServerSideEncryptionMethod.AWSKMS, keyArn), (part.ServerSideEncryptionMethod, part.SSEKMSKeyId)));
        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, completed.ServerSideEncryptionMethod);
        Assert.Equal(keyArn, get.ServerSideEncryptionKeyManagementServiceKeyId);
        byte[] whole = [.. first, .. last];
        Assert.Equal(whole, await get.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server, marker));
    }

    [Fact]
    public async Task DisabledThenDeletedKey_RefusesReadsAndWritesWithKmsErrors()
    {
        var (keyArn, _) = await KeyWithAliasAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("kms-state");
        await PutKmsAsync(bucket, "kept", "before", keyArn);

        await _kms.DisableKeyAsync(new DisableKeyRequest { KeyId = keyArn });
        var readDisabled = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "kept"));
        var writeDisabled = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => PutKmsAsync(bucket, "new", "x", keyArn));
        await _kms.EnableKeyAsync(new EnableKeyRequest { KeyId = keyArn });
        using (var again = await _s3.GetObjectAsync(bucket, "kept"))
        {
            Assert.Equal("before", Encoding.UTF8.GetString(await again.ReadAllBytesAsync()));
        }

        await _kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyArn, PendingWindowInDays = 7 });
        var readPending = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "kept"));

        Assert.Equal((HttpStatusCode.BadRequest, "KMS.DisabledException"), (readDisabled.StatusCode, readDisabled.ErrorCode));
        Assert.Equal((HttpStatusCode.BadRequest, "KMS.DisabledException"), (writeDisabled.StatusCode, writeDisabled.ErrorCode));
        Assert.Equal((HttpStatusCode.BadRequest, "KMS.KMSInvalidStateException"), (readPending.StatusCode, readPending.ErrorCode));
        var absent = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(bucket, "new"));
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
    }

    [Fact]
    public async Task UserWithoutKmsPermission_CannotWriteOrReadUnderTheKey()
    {
        var (keyArn, _) = await KeyWithAliasAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("kms-iam");
        await PutKmsAsync(bucket, "sealed", "secret", keyArn);
        var s3Only = await new IamUsers(server).CreateAsync("s3only-" + Guid.NewGuid().ToString("N")[..8], IamUsers.AllowOnBucket(bucket, "s3:GetObject", "s3:PutObject"));
        var withKms = await new IamUsers(server).CreateAsync("kmsuser-" + Guid.NewGuid().ToString("N")[..8], JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new object[]
            {
                new { Effect = "Allow", Action = new[] { "s3:GetObject", "s3:PutObject" }, Resource = $"arn:aws:s3:::{bucket}/*" },
                new { Effect = "Allow", Action = new[] { "kms:GenerateDataKey", "kms:Decrypt" }, Resource = keyArn },
            },
        }));
        using var plain = server.CreateClient(new BasicAWSCredentials(s3Only.AccessKeyId, s3Only.SecretAccessKey));
        using var allowed = server.CreateClient(new BasicAWSCredentials(withKms.AccessKeyId, withKms.SecretAccessKey));

        var read = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => plain.GetObjectAsync(bucket, "sealed"));
        var write = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => plain.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "by-plain",
            ContentBody = "x",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = keyArn,
        }));
        await allowed.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "by-allowed",
            ContentBody = "ok",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = keyArn,
        });
        using var get = await allowed.GetObjectAsync(bucket, "sealed");

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (read.StatusCode, read.ErrorCode));
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (write.StatusCode, write.ErrorCode));
        Assert.Equal("secret", Encoding.UTF8.GetString(await get.ReadAllBytesAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(bucket, "by-plain"))).StatusCode);
    }

    [Fact]
    public async Task BucketDefault_WithKmsKey_SealsWritesThatAskForNothing()
    {
        var (keyArn, alias) = await KeyWithAliasAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("kms-bucket-default");
        await _s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
        {
            BucketName = bucket,
            ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
            {
                ServerSideEncryptionRules =
                [
                    new ServerSideEncryptionRule
                    {
                        ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault
                        {
                            ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS, ServerSideEncryptionKeyManagementServiceKeyId = alias,
                        },
                        BucketKeyEnabled = true,
                    },
                ],
            },
        });

        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain-request", ContentBody = "sealed by default" });
        var stored = await _s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket });

        Assert.Equal((ServerSideEncryptionMethod.AWSKMS, keyArn), (put.ServerSideEncryptionMethod, put.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.True(put.BucketKeyEnabled);
        var rule = Assert.Single(stored.ServerSideEncryptionConfiguration.ServerSideEncryptionRules);
        Assert.Equal(alias, rule.ServerSideEncryptionByDefault.ServerSideEncryptionKeyManagementServiceKeyId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AwsCli_KmsCreateKeyThenCpWithSseKms_RoundTripsUnderTheKeysArn(bool byAlias)
    {
        // By alias, these are the README's three lines as written there but for the names.
        var cli = new AwsCli(server);
        var key = JsonDocument.Parse(await cli.RunCheckedAsync("kms", "create-key", "--description", "backups")).RootElement.GetProperty("KeyMetadata");
        var keyReference = key.GetProperty("KeyId").GetString()!;
        if (byAlias)
        {
            var alias = "alias/backups-" + Guid.NewGuid().ToString("N")[..8];
            await cli.RunCheckedAsync("kms", "create-alias", "--alias-name", alias, "--target-key-id", keyReference);
            keyReference = alias;
        }

        var bucket = await _s3.CreateUniqueBucketAsync("kms-cli");
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "volume.bin");
        var (content, marker) = MarkedContent.Make(9 * 1024 * 1024);
        await File.WriteAllBytesAsync(file, content);

        await cli.RunCheckedAsync("s3", "cp", file, $"s3://{bucket}/backups/", "--sse", "aws:kms", "--sse-kms-key-id", keyReference);
        var head = JsonDocument.Parse(await cli.RunCheckedAsync("s3api", "head-object", "--bucket", bucket, "--key", "backups/volume.bin")).RootElement;
        var back = Path.Combine(directory.Path, "back.bin");
        await cli.RunCheckedAsync("s3", "cp", $"s3://{bucket}/backups/volume.bin", back);

        Assert.Equal("backups", key.GetProperty("Description").GetString());
        Assert.Equal("aws:kms", head.GetProperty("ServerSideEncryption").GetString());
        Assert.Equal(key.GetProperty("Arn").GetString(), head.GetProperty("SSEKMSKeyId").GetString());
        Assert.Equal(content, await File.ReadAllBytesAsync(back));
        Assert.False(DataDirectoryScan.Contains(server, marker));
    }

    private async Task<(string Arn, string Alias)> KeyWithAliasAsync()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var alias = "alias/objects-" + Guid.NewGuid().ToString("N")[..8];
        await _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId });
        return (key.Arn, alias);
    }

    private Task<PutObjectResponse> PutKmsAsync(string bucket, string key, string body, string keyId) =>
        _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            ContentBody = body,
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = keyId,
        });
}
