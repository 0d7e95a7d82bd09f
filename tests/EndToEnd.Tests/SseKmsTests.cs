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
/// SSE-KMS and DSSE-KMS through the real server: keys made with the KMS API (AWSSDK.KeyManagementService, the aws CLI),
/// objects written and read with AWSSDK.S3 and the aws CLI, sealed under those keys (in two layers for aws:kms:dsse) and
/// never on disk in plaintext; the key's state and the caller's kms:* permissions decide, as on AWS.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public sealed class SseKmsTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();

    private readonly AmazonKeyManagementServiceClient _kms = server.CreateKmsClient();

    public void Dispose()
    {
        _s3.Dispose();
        _kms.Dispose();
    }

    /// <summary>SSE-KMS and DSSE-KMS, by S3's name, and the tags each 64 KiB segment carries on disk (one per layer).</summary>
    public static TheoryData<string, int> KmsMethods => new() { { "aws:kms", 16 }, { "aws:kms:dsse", 32 } };

    [Theory]
    [MemberData(nameof(KmsMethods))]
    public async Task PutObject_WithKmsKeyByAlias_IsSealedAndAnsweredWithTheKeyArn(string method, int tagsPerSegment)
    {
        var (keyArn, alias) = await KeyWithAliasAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("kms");
        var (content, marker) = MarkedContent.Make(300_000);
        var context = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"project":"photos"}"""));
        var expected = (new ServerSideEncryptionMethod(method), keyArn);

        var put = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "a.bin",
            InputStream = new MemoryStream(content),
            ServerSideEncryptionMethod = expected.Item1,
            ServerSideEncryptionKeyManagementServiceKeyId = alias,
            ServerSideEncryptionKeyManagementServiceEncryptionContext = context,
        });
        var head = await _s3.GetObjectMetadataAsync(bucket, "a.bin");
        using var get = await _s3.GetObjectAsync(bucket, "a.bin");
        using var ranged = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "a.bin", ByteRange = new ByteRange(100_000, 165_535) });

        Assert.Equal(expected, (put.ServerSideEncryptionMethod, put.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.Equal(expected, (head.ServerSideEncryptionMethod, head.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.Equal(expected, (get.ServerSideEncryptionMethod, get.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.Equal(content, await get.ReadAllBytesAsync());
        Assert.Equal(content.AsSpan(100_000, 65_536).ToArray(), await ranged.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server, marker));
        AssertBlobOnDisk(content.Length + (5 * tagsPerSegment)); // five segments
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

    [Theory]
    [MemberData(nameof(KmsMethods))]
    public async Task MultipartUpload_WithKmsKey_SealsEveryPartUnderTheKey(string method, int tagsPerSegment)
    {
        var (keyArn, _) = await KeyWithAliasAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("kms-mpu");
        var (first, marker) = MarkedContent.Make(5 * 1024 * 1024);
        var (last, _) = MarkedContent.Make(70_000);
        var expected = (new ServerSideEncryptionMethod(method), keyArn);

        var (created, parts, completed) = await _s3.UploadAsync(
            new InitiateMultipartUploadRequest
            {
                BucketName = bucket,
                Key = "volume.bin",
                ServerSideEncryptionMethod = expected.Item1,
                ServerSideEncryptionKeyManagementServiceKeyId = keyArn,
            },
            first,
            last);
        using var get = await _s3.GetObjectAsync(bucket, "volume.bin");
        using var acrossParts = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "volume.bin", ByteRange = new ByteRange(first.Length - 1000, first.Length + 1000) });

        Assert.Equal(expected, (created.ServerSideEncryptionMethod, created.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.All(parts, part => Assert.Equal(expected, (part.ServerSideEncryptionMethod, part.SSEKMSKeyId)));
        Assert.Equal(expected.Item1, completed.ServerSideEncryptionMethod);
        Assert.Equal(expected, (get.ServerSideEncryptionMethod, get.ServerSideEncryptionKeyManagementServiceKeyId));
        byte[] whole = [.. first, .. last];
        Assert.Equal(whole, await get.ReadAllBytesAsync());
        Assert.Equal(whole.AsSpan(first.Length - 1000, 2001).ToArray(), await acrossParts.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server, marker));
        AssertBlobOnDisk(first.Length + (first.Length / (64 * 1024) * tagsPerSegment)); // the first part, 80 full segments
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

    [Fact]
    public async Task BucketDefault_WithDsseKms_SealsWritesThatAskForNothingInTwoLayers()
    {
        var (keyArn, alias) = await KeyWithAliasAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("dsse-default");
        await _s3.PutKmsDefaultAsync(bucket, alias, ServerSideEncryptionMethod.AWSKMSDSSE);

        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain-request", ContentBody = "sealed twice by default" });
        var stored = await _s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket });
        using var get = await _s3.GetObjectAsync(bucket, "plain-request");

        Assert.Equal((ServerSideEncryptionMethod.AWSKMSDSSE, keyArn), (put.ServerSideEncryptionMethod, put.ServerSideEncryptionKeyManagementServiceKeyId));
        var rule = Assert.Single(stored.ServerSideEncryptionConfiguration.ServerSideEncryptionRules);
        Assert.Equal(ServerSideEncryptionMethod.AWSKMSDSSE, rule.ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm);
        Assert.Equal("sealed twice by default", Encoding.UTF8.GetString(await get.ReadAllBytesAsync()));
    }

    [Fact]
    public async Task UploadPartCopy_FromSseKmsSourceIntoDsseKmsUpload_IsResealedInTwoLayers()
    {
        var (sourceKey, _) = await KeyWithAliasAsync();
        var (uploadKey, _) = await KeyWithAliasAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("dsse-part-copy");
        var (content, marker) = MarkedContent.Make(200_000);
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "source.bin",
            InputStream = new MemoryStream(content),
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = sourceKey,
        });
        var (_, part) = await _s3.CopyAsOnePartAsync(
            new InitiateMultipartUploadRequest
            {
                BucketName = bucket,
                Key = "assembled.bin",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMSDSSE,
                ServerSideEncryptionKeyManagementServiceKeyId = uploadKey,
            },
            new CopyPartRequest { SourceBucket = bucket, SourceKey = "source.bin" });
        using var get = await _s3.GetObjectAsync(bucket, "assembled.bin");

        Assert.Equal((ServerSideEncryptionMethod.AWSKMSDSSE, uploadKey), (part.ServerSideEncryptionMethod, part.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.Equal((ServerSideEncryptionMethod.AWSKMSDSSE, uploadKey), (get.ServerSideEncryptionMethod, get.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.Equal(content, await get.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server, marker));
        AssertBlobOnDisk(content.Length + (4 * 32)); // four segments, two tags each
    }

    [Fact]
    public async Task CopyObject_FromSseKmsToDsseKmsAndBackToSseS3_IsResealedEachTime()
    {
        var (keyArn, _) = await KeyWithAliasAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("dsse-copy");
        var (content, marker) = MarkedContent.Make(150_000);
        await PutKmsAsync(bucket, "single.bin", Encoding.ASCII.GetString(content), keyArn); // marked content is ASCII

        var twice = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "single.bin",
            DestinationBucket = bucket,
            DestinationKey = "twice.bin",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMSDSSE,
            ServerSideEncryptionKeyManagementServiceKeyId = keyArn,
        });
        var back = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "twice.bin",
            DestinationBucket = bucket,
            DestinationKey = "back.bin",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        });
        using var twiceRead = await _s3.GetObjectAsync(bucket, "twice.bin");
        using var backRead = await _s3.GetObjectAsync(bucket, "back.bin");

        Assert.Equal((ServerSideEncryptionMethod.AWSKMSDSSE, keyArn), (twice.ServerSideEncryptionMethod, twice.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.Equal((ServerSideEncryptionMethod.AWSKMSDSSE, keyArn), (twiceRead.ServerSideEncryptionMethod, twiceRead.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.Equal(ServerSideEncryptionMethod.AES256, back.ServerSideEncryptionMethod);
        Assert.Equal(content, await twiceRead.ReadAllBytesAsync());
        Assert.Equal(content, await backRead.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server, marker));
        AssertBlobOnDisk(content.Length + (3 * 32)); // the DSSE copy's own blob: three segments, two tags each
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

    /// <summary>Some blob file of the data directory is exactly this long: the sealed length of what a test stored.</summary>
    private void AssertBlobOnDisk(long sealedLength) =>
        Assert.Contains(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories), path => new FileInfo(path).Length == sealedLength);

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
