using System.Net;
using System.Security.Cryptography;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using CreateKeyRequest = Amazon.KeyManagementService.Model.CreateKeyRequest;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A deployment with something of every kind of metadata a move must carry (objects inline and in blobs, versions and a
/// delete marker, an upload in progress with a part, tags, a bucket setting, an IAM user with a key and a policy, a KMS
/// key and an object sealed under it), and the check that a server reads all of it back.
/// </summary>
public sealed class MigrationScenario
{
    private readonly Dictionary<string, byte[]> _objects = new(StringComparer.Ordinal);

    private MigrationScenario(string bucket, string versioned)
    {
        Bucket = bucket;
        VersionedBucket = versioned;
    }

    public string Bucket { get; }

    public string VersionedBucket { get; }

    public IReadOnlyDictionary<string, byte[]> Objects => _objects;

    public UserKey User { get; private set; } = null!;

    public string UploadId { get; private set; } = "";

    public string FirstVersionId { get; private set; } = "";

    public static async Task<MigrationScenario> StoreAsync(CofferServer server)
    {
        var scenario = new MigrationScenario(CofferServer.UniqueBucket("move"), CofferServer.UniqueBucket("move-versions"));
        using var s3 = server.CreateClient();
        await s3.PutBucketAsync(scenario.Bucket);
        await s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = scenario.Bucket,
            Configuration = new CORSConfiguration { Rules = [new CORSRule { AllowedMethods = ["GET"], AllowedOrigins = ["https://example.com"] }] },
        });

        await scenario.PutAsync(s3, "small", RandomNumberGenerator.GetBytes(100));
        await scenario.PutAsync(s3, "large", RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17));
        await scenario.PutAsync(s3, "nested/a key with spaces é", RandomNumberGenerator.GetBytes(5000));
        await scenario.PutAsync(s3, "tagged", RandomNumberGenerator.GetBytes(10), new Tag { Key = "colour", Value = "blue" });

        using var kms = server.CreateKmsClient();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "moved" })).KeyMetadata.KeyId;
        var sealedBody = RandomNumberGenerator.GetBytes(70_000);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = scenario.Bucket,
            Key = "sealed",
            InputStream = new MemoryStream(sealedBody),
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = key,
        });
        scenario._objects["sealed"] = sealedBody;

        await s3.PutBucketAsync(scenario.VersionedBucket);
        await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = scenario.VersionedBucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        });
        scenario.FirstVersionId = (await s3.PutObjectAsync(new PutObjectRequest { BucketName = scenario.VersionedBucket, Key = "doc", ContentBody = "first" })).VersionId;
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = scenario.VersionedBucket, Key = "doc", ContentBody = "second" });
        await s3.DeleteObjectAsync(scenario.VersionedBucket, "doc");

        var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = scenario.Bucket, Key = "in-progress" });
        await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = scenario.Bucket,
            Key = "in-progress",
            UploadId = upload.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream(RandomNumberGenerator.GetBytes(5 * 1024 * 1024)),
        });
        scenario.UploadId = upload.UploadId;

        scenario.User = await new IamUsers(server).CreateAsync("mover-" + Guid.NewGuid().ToString("N")[..8], IamUsers.AllowOnBucket(scenario.Bucket, "s3:GetObject", "s3:ListBucket"));
        return scenario;
    }

    /// <summary>Stores one more object (as a writer does between runs of an interrupted move).</summary>
    public async Task PutAsync(IAmazonS3 s3, string key, byte[] body, params Tag[] tags)
    {
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(body), TagSet = [.. tags] });
        _objects[key] = body;
    }

    public async Task DeleteAsync(IAmazonS3 s3, string key)
    {
        await s3.DeleteObjectAsync(Bucket, key);
        _objects.Remove(key);
    }

    /// <summary>Every object byte-identical, the listings, versions, upload, tags and setting as stored, and the user's key accepted.</summary>
    public async Task AssertServedByAsync(CofferServer server)
    {
        using var s3 = server.CreateClient();
        foreach (var (key, body) in _objects)
        {
            Assert.Equal(body, await ReadAsync(s3, Bucket, key));
        }

        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket });
        Assert.Equal(_objects.Keys.Order(StringComparer.Ordinal), listed.S3Objects.Select(o => o.Key));

        var tags = await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = Bucket, Key = "tagged" });
        Assert.Equal(("colour", "blue"), (Assert.Single(tags.Tagging).Key, tags.Tagging[0].Value));
        var cors = await s3.GetCORSConfigurationAsync(Bucket);
        Assert.Equal("https://example.com", Assert.Single(Assert.Single(cors.Configuration.Rules).AllowedOrigins));

        var versions = await s3.ListVersionsAsync(new ListVersionsRequest { BucketName = VersionedBucket });
        Assert.Equal([true, false, false], versions.Versions.Select(v => v.IsDeleteMarker ?? false));
        Assert.Equal("first"u8.ToArray(), await ReadAsync(s3, VersionedBucket, "doc", FirstVersionId));
        var hidden = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(VersionedBucket, "doc"));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        var uploads = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = Bucket });
        Assert.Equal(UploadId, Assert.Single(uploads.MultipartUploads).UploadId);
        var parts = await s3.ListPartsAsync(new ListPartsRequest { BucketName = Bucket, Key = "in-progress", UploadId = UploadId });
        Assert.Equal(5 * 1024 * 1024, Assert.Single(parts.Parts).Size);

        using var asUser = server.CreateClient(new BasicAWSCredentials(User.AccessKeyId, User.SecretAccessKey));
        Assert.Equal(_objects["small"], await ReadAsync(asUser, Bucket, "small"));
    }

    private static async Task<byte[]> ReadAsync(AmazonS3Client s3, string bucket, string key, string? versionId = null)
    {
        using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId });
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
