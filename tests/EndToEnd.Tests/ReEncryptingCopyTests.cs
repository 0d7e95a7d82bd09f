using System.Net;
using System.Security.Cryptography;
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
/// CopyObject from any encryption to any other, through the real server with AWSSDK.S3 and the aws CLI: the copy is
/// sealed as the request (or the destination's default) asks, opens as that kind alone, and holds the source's bytes;
/// without any ask, an encrypted source's copy stays encrypted. A copy that changes nothing about the sealing shares
/// the source's blobs, as before.
/// </summary>
public sealed class ReEncryptingCopyTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();

    private readonly AmazonKeyManagementServiceClient _kms = server.CreateKmsClient();

    private readonly byte[] _customerKey = RandomNumberGenerator.GetBytes(32);

    public void Dispose()
    {
        _s3.Dispose();
        _kms.Dispose();
    }

    [Fact]
    public async Task CopyObject_OntoItselfWithSseS3_EncryptsTheExistingObject()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("encrypt-in-place");
        var (content, marker) = MarkedContent.Make(300_000);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "old.bin", InputStream = new MemoryStream(content) });
        Assert.True(DataDirectoryScan.Contains(server, marker));

        var copy = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "old.bin",
            DestinationBucket = bucket,
            DestinationKey = "old.bin",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        });
        var head = await _s3.GetObjectMetadataAsync(bucket, "old.bin");

        Assert.Equal(ServerSideEncryptionMethod.AES256, copy.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, head.ServerSideEncryptionMethod);
        Assert.Equal(content, await ReadAsync(_s3, bucket, "old.bin"));
        Assert.False(DataDirectoryScan.Contains(server, marker));
    }

    [Fact]
    public async Task CopyObject_FromOneKmsKeyToAnother_IsSealedUnderTheNewKeyAlone()
    {
        var first = await NewKeyAsync();
        var second = await NewKeyAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("kms-to-kms");
        var content = RandomNumberGenerator.GetBytes(200_000);
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "a.bin",
            InputStream = new MemoryStream(content),
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = first,
        });

        var copy = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "a.bin",
            DestinationBucket = bucket,
            DestinationKey = "b.bin",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = second,
        });
        await _kms.DisableKeyAsync(new DisableKeyRequest { KeyId = first });

        // With the source's key disabled, only a copy sealed under the second key still opens.
        var source = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => ReadAsync(_s3, bucket, "a.bin"));
        Assert.Equal("KMS.DisabledException", source.ErrorCode);
        Assert.Equal(second, copy.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Equal(second, (await _s3.GetObjectMetadataAsync(bucket, "b.bin")).ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Equal(content, await ReadAsync(_s3, bucket, "b.bin"));
    }

    [Fact]
    public async Task CopyObject_FromKmsToCustomerKey_OpensOnlyWithThatKey()
    {
        var key = await NewKeyAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("kms-to-sse-c");
        var (content, marker) = MarkedContent.Make(100_000);
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "a.bin",
            InputStream = new MemoryStream(content),
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = key,
        });

        var copy = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "a.bin",
            DestinationBucket = bucket,
            DestinationKey = "c.bin",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(_customerKey),
        });
        var withoutKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => ReadAsync(_s3, bucket, "c.bin"));
        using var get = await _s3.GetObjectAsync(WithCustomerKey(new GetObjectRequest { BucketName = bucket, Key = "c.bin" }));

        Assert.Equal(ServerSideEncryptionCustomerMethod.AES256, copy.ServerSideEncryptionCustomerMethod);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(_customerKey)), copy.ServerSideEncryptionCustomerProvidedKeyMD5);
        Assert.Equal(HttpStatusCode.BadRequest, withoutKey.StatusCode);
        Assert.Equal(content, await get.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server, marker));
    }

    [Fact]
    public async Task CopyObject_FromCustomerKeyToAnotherKey_OrToNone_IsResealed()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("sse-c-copies");
        var content = RandomNumberGenerator.GetBytes(150_000);
        await _s3.PutObjectAsync(WithCustomerKey(new PutObjectRequest { BucketName = bucket, Key = "a.bin", InputStream = new MemoryStream(content) }));
        var other = RandomNumberGenerator.GetBytes(32);

        await _s3.CopyObjectAsync(WithSourceKey(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "a.bin",
            DestinationBucket = bucket,
            DestinationKey = "other-key.bin",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(other),
        }));
        var unkeyed = await _s3.CopyObjectAsync(WithSourceKey(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "a.bin",
            DestinationBucket = bucket,
            DestinationKey = "no-key.bin",
        }));
        var underOldKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(WithCustomerKey(new GetObjectRequest { BucketName = bucket, Key = "other-key.bin" })));
        using var underNewKey = await _s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket,
            Key = "other-key.bin",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(other),
        });

        Assert.Equal(HttpStatusCode.Forbidden, underOldKey.StatusCode);
        Assert.Equal(content, await underNewKey.ReadAllBytesAsync());

        // No reader of the copy holds the source's key, so the copy is sealed with SSE-S3, as S3 seals it.
        Assert.Equal(ServerSideEncryptionMethod.AES256, unkeyed.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, (await _s3.GetObjectMetadataAsync(bucket, "no-key.bin")).ServerSideEncryptionMethod);
        Assert.Equal(content, await ReadAsync(_s3, bucket, "no-key.bin"));
    }

    [Fact]
    public async Task CopyObject_OfAMultipartSourceIntoAKmsDefaultBucket_IsOnePartUnderTheDefaultKey()
    {
        var key = await NewKeyAsync();
        var source = await _s3.CreateUniqueBucketAsync("multipart-source");
        var target = await _s3.CreateUniqueBucketAsync("kms-default-target");
        await _s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
        {
            BucketName = target,
            ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
            {
                ServerSideEncryptionRules =
                [
                    new ServerSideEncryptionRule
                    {
                        ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault
                        {
                            ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS,
                            ServerSideEncryptionKeyManagementServiceKeyId = key,
                        },
                    },
                ],
            },
        });
        byte[][] parts = [RandomNumberGenerator.GetBytes(5 * 1024 * 1024), RandomNumberGenerator.GetBytes(300_000)];
        var upload = await _s3.UploadAsync(new InitiateMultipartUploadRequest { BucketName = source, Key = "volume.bin" }, parts);
        byte[] content = [.. parts[0], .. parts[1]];

        var copy = await _s3.CopyObjectAsync(source, "volume.bin", target, "volume.bin");
        var head = await _s3.GetObjectMetadataAsync(target, "volume.bin");

        Assert.EndsWith("-2\"", upload.Completed.ETag, StringComparison.Ordinal);
        Assert.Equal('"' + Convert.ToHexStringLower(MD5.HashData(content)) + '"', copy.ETag);
        Assert.Equal((ServerSideEncryptionMethod.AWSKMS, key), (head.ServerSideEncryptionMethod, head.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.Equal(content, await ReadAsync(_s3, target, "volume.bin"));
    }

    [Fact]
    public async Task CopyObject_WithAnotherChecksumAlgorithm_ChecksumsTheCopyAnew()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("copy-checksum");
        var content = RandomNumberGenerator.GetBytes(70_000);
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "crc32.bin",
            InputStream = new MemoryStream(content),
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        });

        var copy = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "crc32.bin",
            DestinationBucket = bucket,
            DestinationKey = "sha256.bin",
            ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
        });
        using var get = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "sha256.bin", ChecksumMode = ChecksumMode.ENABLED });

        Assert.Equal(Convert.ToBase64String(SHA256.HashData(content)), copy.ChecksumSHA256);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(content)), get.ChecksumSHA256);
        Assert.Equal(content, await get.ReadAllBytesAsync());
    }

    [Fact]
    public async Task CopyObject_UnderAKeyTheCallerMayNotUse_IsAccessDeniedAndCopiesNothing()
    {
        var allowedKey = await NewKeyAsync();
        var otherKey = await NewKeyAsync();
        var bucket = await _s3.CreateUniqueBucketAsync("copy-kms-iam");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain.txt", ContentBody = "plain" });
        var user = await new IamUsers(server).CreateAsync("copier-" + Guid.NewGuid().ToString("N")[..8], JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new object[]
            {
                new { Effect = "Allow", Action = new[] { "s3:GetObject", "s3:PutObject", "s3:ListBucket" }, Resource = new[] { $"arn:aws:s3:::{bucket}", $"arn:aws:s3:::{bucket}/*" } },
                new { Effect = "Allow", Action = new[] { "kms:GenerateDataKey", "kms:Decrypt" }, Resource = allowedKey },
            },
        }));
        using var copier = server.CreateClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey));

        var allowed = await copier.CopyObjectAsync(KmsCopy(bucket, "plain.txt", "allowed.txt", allowedKey));
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => copier.CopyObjectAsync(KmsCopy(bucket, "plain.txt", "refused.txt", otherKey)));
        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.Equal(allowedKey, allowed.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (refused.StatusCode, refused.ErrorCode));
        Assert.DoesNotContain(listed.S3Objects ?? [], o => o.Key == "refused.txt");
    }

    [Fact]
    public async Task AwsCli_CpBetweenKeysWithSseKms_CopiesUnderTheNamedKey()
    {
        var cli = new AwsCli(server);
        var key = await NewKeyAsync();
        var alias = "alias/copies-" + Guid.NewGuid().ToString("N")[..8];
        await _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key });
        var bucket = await _s3.CreateUniqueBucketAsync("cli-copy");
        var content = RandomNumberGenerator.GetBytes(50_000);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "reports/plain.csv", InputStream = new MemoryStream(content) });

        await cli.RunCheckedAsync("s3", "cp", $"s3://{bucket}/reports/plain.csv", $"s3://{bucket}/sealed/plain.csv", "--sse", "aws:kms", "--sse-kms-key-id", alias);
        var head = JsonDocument.Parse(await cli.RunCheckedAsync("s3api", "head-object", "--bucket", bucket, "--key", "sealed/plain.csv")).RootElement;

        Assert.Equal("aws:kms", head.GetProperty("ServerSideEncryption").GetString());
        Assert.Equal(key, head.GetProperty("SSEKMSKeyId").GetString());
        Assert.Equal(content, await ReadAsync(_s3, bucket, "sealed/plain.csv"));
    }

    private static CopyObjectRequest KmsCopy(string bucket, string source, string destination, string keyArn) => new()
    {
        SourceBucket = bucket,
        SourceKey = source,
        DestinationBucket = bucket,
        DestinationKey = destination,
        ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
        ServerSideEncryptionKeyManagementServiceKeyId = keyArn,
    };

    private static async Task<byte[]> ReadAsync(AmazonS3Client s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        return await response.ReadAllBytesAsync();
    }

    private async Task<string> NewKeyAsync() => (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata.Arn;

    private PutObjectRequest WithCustomerKey(PutObjectRequest request)
    {
        request.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
        request.ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(_customerKey);
        return request;
    }

    private GetObjectRequest WithCustomerKey(GetObjectRequest request)
    {
        request.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
        request.ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(_customerKey);
        return request;
    }

    private CopyObjectRequest WithSourceKey(CopyObjectRequest request)
    {
        request.CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
        request.CopySourceServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(_customerKey);
        return request;
    }
}
