using Amazon.KeyManagementService.Model;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit.Signing;

namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>
/// One server for the whole bad-input table, with a bucket that has something of every kind a
/// hostile request could damage: an object, an open multipart upload with a part, a CORS
/// configuration, ownership controls, a public access block and an SSE-C object; a second, empty bucket that
/// blocks SSE-C; and, in the key service on the same endpoint, a key with an alias, which the KMS
/// rows name so that each fails for its own reason, not for a missing key.
/// </summary>
public sealed class HostileInputWorld : IAsyncLifetime
{
    public const string Key = "target.txt";
    public const string UploadKey = "upload.bin";
    public const string KmsAlias = "alias/hostile-target";

    /// <summary>An SSE-C object, stored under <see cref="CustomerKeyBytes"/>.</summary>
    public const string SealedKey = "sealed.bin";

    /// <summary>The key of <see cref="SealedKey"/>: 32 zero bytes, which the table's SSE-C rows send as the right key.</summary>
    public static readonly byte[] CustomerKeyBytes = new byte[32];

    /// <summary>The target object's bytes: longer than a Range row's widest range, shorter than an inline object's limit.</summary>
    public static readonly byte[] Content = RawS3Client.Utf8("the bytes every row must leave exactly as they are");

    public CofferServer Server { get; } = new();

    public string Bucket { get; } = CofferServer.UniqueBucket("hostile");

    /// <summary>Empty, with an encryption configuration that blocks SSE-C (BlockedEncryptionTypes SSE-C) and sets no default.</summary>
    public string SseCBlockedBucket { get; } = CofferServer.UniqueBucket("hostile-no-sse-c");

    public string UploadId { get; private set; } = "";

    public string PartETag { get; private set; } = "";

    public RawS3Client Raw { get; private set; } = null!;

    /// <summary>Signs for <c>kms</c>, as <see cref="RawS3Client.SignJson"/> wants for a true KMS call.</summary>
    public SigV4Signer KmsSigner { get; private set; } = null!;

    public string KmsKeyId { get; private set; } = "";

    public string ObjectPath => $"/{Bucket}/{Key}";

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Raw = new RawS3Client(Server.Endpoint, new SigV4Signer(Server.AccessKey, Server.SecretKey, CofferServer.Region));
        KmsSigner = new SigV4Signer(Server.AccessKey, Server.SecretKey, CofferServer.Region, "kms");
        using (var kms = Server.CreateKmsClient())
        {
            KmsKeyId = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "every KMS row must leave it as it is" })).KeyMetadata.KeyId;
            await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = KmsAlias, TargetKeyId = KmsKeyId });
        }

        using var s3 = Server.CreateClient(requestChecksums: false);
        await s3.PutBucketAsync(Bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Key, InputStream = new MemoryStream(Content), UseChunkEncoding = false });
        await s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = Bucket,
            Configuration = new CORSConfiguration { Rules = [new CORSRule { AllowedMethods = ["GET"], AllowedOrigins = ["https://example.com"] }] },
        });
        await s3.PutBucketOwnershipControlsAsync(new PutBucketOwnershipControlsRequest
        {
            BucketName = Bucket,
            OwnershipControls = new OwnershipControls { Rules = [new OwnershipControlsRule { ObjectOwnership = ObjectOwnership.BucketOwnerPreferred }] },
        });
        await s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = Bucket,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration { BlockPublicPolicy = true },
        });
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = SealedKey,
            InputStream = new MemoryStream(Content),
            UseChunkEncoding = false,
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(CustomerKeyBytes),
        });
        await s3.PutBucketAsync(SseCBlockedBucket);
        await s3.BlockSseCAsync(SseCBlockedBucket);
        var upload = await s3.InitiateMultipartUploadAsync(Bucket, UploadKey);
        UploadId = upload.UploadId;
        var part = await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = Bucket,
            Key = UploadKey,
            UploadId = UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream(Content),
            UseChunkEncoding = false,
        });
        PartETag = part.ETag;
    }

    public Task DisposeAsync() => Server.DisposeAsync();
}
