using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The checksum of a completed multipart upload, made from its parts' checksums, through the AWS
/// SDK for .NET: FULL_OBJECT is the CRC of the whole content, COMPOSITE the algorithm over the
/// parts' binary checksums with "-N". Complete returns it, HEAD and GET send it with checksum
/// mode, and Complete checks one the client names against it.
/// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class MultipartChecksumTests(CofferServer server) : IClassFixture<CofferServer>, IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly string _bucket = CofferServer.UniqueBucket("mpck");

    public Task InitializeAsync() => _s3.PutBucketAsync(_bucket);

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task CompleteMultipartUpload_Crc32FullObject_ChecksumIsTheCrcOfTheWholeObject()
    {
        var upload = await UploadAsync("full.bin", ChecksumAlgorithm.CRC32, ChecksumType.FULL_OBJECT, 5 * MiB, 5 * MiB, 1234);
        var expected = ExpectedChecksums.Crc32(upload.Content);

        var completed = await upload.CompleteAsync(_s3);

        Assert.Equal(expected, completed.ChecksumCRC32);
        Assert.Equal(ChecksumType.FULL_OBJECT, completed.ChecksumType);
        var head = await HeadWithChecksumAsync("full.bin");
        Assert.Equal(expected, head.ChecksumCRC32);
        Assert.Equal(ChecksumType.FULL_OBJECT, head.ChecksumType);

        // The SDK checks a full-object CRC32 against the bytes as it reads them to the end.
        using var got = await GetWithChecksumAsync("full.bin");
        Assert.Equal(expected, got.ChecksumCRC32);
        Assert.Equal(ChecksumType.FULL_OBJECT, got.ChecksumType);
        Assert.Equal(SHA256.HashData(upload.Content), await SHA256.HashDataAsync(got.ResponseStream));
    }

    [Fact]
    public async Task CompleteMultipartUpload_Sha256_ChecksumIsTheSha256OfThePartChecksumsWithThePartCount()
    {
        var upload = await UploadAsync("composite.bin", ChecksumAlgorithm.SHA256, type: null, 5 * MiB, 4321);
        var partDigests = upload.Parts.Select(SHA256.HashData).ToArray();
        var expected = Convert.ToBase64String(SHA256.HashData([.. partDigests.SelectMany(digest => digest)])) + "-2";

        var completed = await upload.CompleteAsync(_s3);

        Assert.Equal(partDigests.Select(Convert.ToBase64String), upload.Uploaded.Select(part => part.ChecksumSHA256));
        Assert.Equal(expected, completed.ChecksumSHA256);
        Assert.Equal(ChecksumType.COMPOSITE, completed.ChecksumType);
        var head = await HeadWithChecksumAsync("composite.bin");
        Assert.Equal(expected, head.ChecksumSHA256);
        Assert.Equal(ChecksumType.COMPOSITE, head.ChecksumType);

        // A composite checksum says nothing the SDK can check against the bytes, so it must let them through.
        using var got = await GetWithChecksumAsync("composite.bin");
        Assert.Equal(expected, got.ChecksumSHA256);
        Assert.Equal(SHA256.HashData(upload.Content), await SHA256.HashDataAsync(got.ResponseStream));
    }

    [Fact]
    public async Task CompleteMultipartUpload_UploadWithoutAnyChecksum_ObjectHasTheFullObjectCrc64NvmeOfItsContent()
    {
        // Neither the upload nor its parts name an algorithm, so the server computes S3's default for each part.
        using var plain = server.CreateClient(requestChecksums: false);
        var upload = await OpenUpload.StartAsync(plain, _bucket, "default.bin", algorithm: null, type: null, 5 * MiB, 999);
        var expected = ExpectedChecksums.Crc64Nvme(upload.Content);

        var completed = await upload.CompleteAsync(plain);

        var head = await HeadWithChecksumAsync("default.bin");
        Assert.Equal(expected, completed.ChecksumCRC64NVME);
        Assert.Equal(expected, head.ChecksumCRC64NVME);
        Assert.Equal(ChecksumType.FULL_OBJECT, head.ChecksumType);
    }

    [Fact]
    public async Task CompleteMultipartUpload_UploadWithoutAlgorithmPartsWithSdkDefaultCrc32_ObjectStillHasTheCrc64Nvme()
    {
        // The SDK's defaults: no algorithm at create, yet a CRC32 with every part. S3 still gives
        // the object its default CRC64NVME, and so does Coffer.
        var upload = await OpenUpload.StartAsync(_s3, _bucket, "sdk-default.bin", algorithm: null, type: null, 5 * MiB, 999);
        var expected = ExpectedChecksums.Crc64Nvme(upload.Content);

        var completed = await upload.CompleteAsync(_s3);

        var head = await HeadWithChecksumAsync("sdk-default.bin");
        Assert.NotNull(upload.Uploaded[0].ChecksumCRC32);
        Assert.Equal(expected, completed.ChecksumCRC64NVME);
        Assert.Equal(expected, head.ChecksumCRC64NVME);
        Assert.Equal(ChecksumType.FULL_OBJECT, head.ChecksumType);
    }

    [Fact]
    public async Task CompleteMultipartUpload_WrongCrc32Header_IsBadDigestAndCommitsNothing()
    {
        var upload = await UploadAsync("guarded.bin", ChecksumAlgorithm.CRC32, ChecksumType.FULL_OBJECT, 5 * MiB, 100);
        var expected = ExpectedChecksums.Crc32(upload.Content);
        var wrong = ExpectedChecksums.Crc32(upload.Parts[0]);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => upload.CompleteAsync(_s3, request => request.ChecksumCRC32 = wrong));
        var head = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(_bucket, "guarded.bin"));
        var completed = await upload.CompleteAsync(_s3, request =>
        {
            request.ChecksumCRC32 = expected;
            request.ChecksumType = ChecksumType.FULL_OBJECT;
        });

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("BadDigest", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Equal(expected, completed.ChecksumCRC32);
    }

    [Fact]
    public async Task CompleteMultipartUpload_ChecksumTypeOtherThanTheUploads_IsBadDigest()
    {
        var upload = await UploadAsync("typed.bin", ChecksumAlgorithm.CRC32, ChecksumType.FULL_OBJECT, 100);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => upload.CompleteAsync(_s3, request => request.ChecksumType = ChecksumType.COMPOSITE));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("BadDigest", error.ErrorCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CompleteMultipartUpload_CompositeCrc32Header_IsAcceptedWithOrWithoutThePartCount(bool withPartCount)
    {
        var key = $"counted-{withPartCount}.bin";
        var upload = await UploadAsync(key, ChecksumAlgorithm.CRC32, ChecksumType.COMPOSITE, 100);
        var partCrc = Convert.FromBase64String(upload.Uploaded[0].ChecksumCRC32);
        var expected = ExpectedChecksums.Crc32(partCrc);

        var completed = await upload.CompleteAsync(_s3, request => request.ChecksumCRC32 = withPartCount ? expected + "-1" : expected);

        Assert.Equal(ExpectedChecksums.Crc32(upload.Content), upload.Uploaded[0].ChecksumCRC32);
        Assert.Equal(expected + "-1", completed.ChecksumCRC32);
        Assert.Equal(ChecksumType.COMPOSITE, completed.ChecksumType);
    }

    [Fact]
    public async Task CompleteMultipartUpload_Repeated_AnswersWithTheSameObject()
    {
        var upload = await UploadAsync("twice.bin", ChecksumAlgorithm.CRC32, ChecksumType.FULL_OBJECT, 5 * MiB, 10);

        var first = await upload.CompleteAsync(_s3);
        var second = await upload.CompleteAsync(_s3);

        Assert.Equal(HttpStatusCode.OK, second.HttpStatusCode);
        Assert.Equal(first.ETag, second.ETag);
        Assert.Equal(first.ChecksumCRC32, second.ChecksumCRC32);
        Assert.Equal(ChecksumType.FULL_OBJECT, second.ChecksumType);
    }

    [Fact]
    public async Task CompleteMultipartUpload_RepeatedAfterTheKeyWasOverwritten_IsNoSuchUpload()
    {
        var upload = await UploadAsync("overwritten.bin", ChecksumAlgorithm.CRC32, ChecksumType.FULL_OBJECT, 10);
        await upload.CompleteAsync(_s3);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "overwritten.bin", ContentBody = "newer" });

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => upload.CompleteAsync(_s3));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("NoSuchUpload", error.ErrorCode);
    }

    [Fact]
    public async Task CompleteMultipartUpload_PartListedTwiceInARow_UsesItsLastEntry()
    {
        var upload = await UploadAsync("resent.bin", ChecksumAlgorithm.CRC32, ChecksumType.FULL_OBJECT, 10);
        var first = upload.Uploaded[0];
        var resent = await _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _bucket,
            Key = "resent.bin",
            UploadId = upload.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream("sent again"u8.ToArray()),
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        });

        // The SDK sorts the part list before sending it; the aws CLI sends it as given.
        var parts = JsonSerializer.Serialize(new
        {
            Parts = new[]
            {
                new { PartNumber = 1, first.ETag, first.ChecksumCRC32 },
                new { PartNumber = 1, resent.ETag, resent.ChecksumCRC32 },
            },
        });
        await new AwsCli(server).RunCheckedAsync(
            "s3api", "complete-multipart-upload", "--bucket", _bucket, "--key", "resent.bin", "--upload-id", upload.UploadId, "--multipart-upload", parts);

        using var got = await GetWithChecksumAsync("resent.bin");
        Assert.Equal(resent.ChecksumCRC32, got.ChecksumCRC32);
        Assert.Equal(SHA256.HashData("sent again"u8), await SHA256.HashDataAsync(got.ResponseStream));
    }

    [Fact]
    public async Task GetObject_PartNumberWithChecksumMode_SendsThatPartsChecksum()
    {
        var upload = await UploadAsync("parts.bin", ChecksumAlgorithm.CRC32, ChecksumType.FULL_OBJECT, 5 * MiB, 5 * MiB, 77);
        await upload.CompleteAsync(_s3);

        using var second = await GetWithChecksumAsync("parts.bin", partNumber: 2);
        var third = await HeadWithChecksumAsync("parts.bin", partNumber: 3);

        Assert.Equal(upload.Uploaded[1].ChecksumCRC32, second.ChecksumCRC32);
        Assert.Equal(ExpectedChecksums.Crc32(upload.Parts[1]), second.ChecksumCRC32);
        Assert.Equal(SHA256.HashData(upload.Parts[1]), await SHA256.HashDataAsync(second.ResponseStream));
        Assert.Equal(upload.Uploaded[2].ChecksumCRC32, third.ChecksumCRC32);
    }

    [Fact]
    public async Task UploadPartCopy_RangeBeyondTheSource_IsInvalidRange()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "short-source.bin", InputStream = new MemoryStream(new byte[100]) });
        var uploadId = (await _s3.InitiateMultipartUploadAsync(_bucket, "copied.bin")).UploadId;

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = _bucket,
            SourceKey = "short-source.bin",
            DestinationBucket = _bucket,
            DestinationKey = "copied.bin",
            UploadId = uploadId,
            PartNumber = 1,
            FirstByte = 50,
            LastByte = 100,
        }));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, error.StatusCode);
        Assert.Equal("InvalidRange", error.ErrorCode);
    }

    private Task<GetObjectMetadataResponse> HeadWithChecksumAsync(string key, int? partNumber = null) =>
        _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key, PartNumber = partNumber, ChecksumMode = ChecksumMode.ENABLED });

    private Task<GetObjectResponse> GetWithChecksumAsync(string key, int? partNumber = null) =>
        _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key, PartNumber = partNumber, ChecksumMode = ChecksumMode.ENABLED });

    private Task<OpenUpload> UploadAsync(string key, ChecksumAlgorithm? algorithm, ChecksumType? type, params int[] sizes) =>
        OpenUpload.StartAsync(_s3, _bucket, key, algorithm, type, sizes);
}
