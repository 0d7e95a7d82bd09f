using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// SSE-S3 through the real server, as the AWS .NET SDK and the aws CLI ask for it (x-amz-server-side-encryption:
/// AES256): the bytes on disk are sealed, every response about the object says AES256, and what is not built yet
/// (the KMS methods) is refused with 501 and stores nothing.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public sealed class ServerSideEncryptionTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();

    public void Dispose() => _s3.Dispose();

    [Fact]
    public async Task PutObject_WithSseS3_IsStoredSealedAndEveryResponseSaysAes256()
    {
        var bucket = await BucketAsync("sse");
        var (small, smallMarker) = MarkedContent.Make(1_000);
        var (large, largeMarker) = MarkedContent.Make(3 * 1024 * 1024);
        var (plain, plainMarker) = MarkedContent.Make(1_000);

        var put = await PutAsync(bucket, "small.txt", small, ServerSideEncryptionMethod.AES256);
        await PutAsync(bucket, "large.bin", large, ServerSideEncryptionMethod.AES256);
        await PutAsync(bucket, "plain.txt", plain, null);
        var head = await _s3.GetObjectMetadataAsync(bucket, "large.bin");
        using var get = await _s3.GetObjectAsync(bucket, "small.txt");
        using var ranged = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "large.bin", ByteRange = new ByteRange(1_000_000, 2_048_575) });
        var plainHead = await _s3.GetObjectMetadataAsync(bucket, "plain.txt");

        Assert.Equal(ServerSideEncryptionMethod.AES256, put.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, head.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, get.ServerSideEncryptionMethod);
        Assert.Equal(small, await get.ReadAllBytesAsync());
        Assert.Equal(large.AsSpan(1_000_000, 1_048_576).ToArray(), await ranged.ReadAllBytesAsync());
        Assert.True(plainHead.ServerSideEncryptionMethod is null || plainHead.ServerSideEncryptionMethod == ServerSideEncryptionMethod.None);

        // The encrypted objects' bytes are nowhere under the data directory (database, its WAL, blob files); the
        // plaintext object's are, which shows the search finds what is there.
        Assert.False(DataDirectoryContains(smallMarker));
        Assert.False(DataDirectoryContains(largeMarker));
        Assert.True(DataDirectoryContains(plainMarker));
    }

    [Fact]
    public async Task CopyObject_OfSseS3Object_IsEncryptedTooAndSaysSo()
    {
        var bucket = await BucketAsync("sse-copy");
        var (content, _) = MarkedContent.Make(200_000);
        await PutAsync(bucket, "source", content, ServerSideEncryptionMethod.AES256);

        var copy = await _s3.CopyObjectAsync(bucket, "source", bucket, "copy");
        using var get = await _s3.GetObjectAsync(bucket, "copy");

        Assert.Equal(ServerSideEncryptionMethod.AES256, copy.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, get.ServerSideEncryptionMethod);
        Assert.Equal(content, await get.ReadAllBytesAsync());
    }

    [Fact]
    public async Task MultipartUpload_WithSseS3_SealsEveryPartAndEveryResponseSaysAes256()
    {
        var bucket = await BucketAsync("sse-mpu");
        var (first, marker) = MarkedContent.Make(5 * 1024 * 1024);
        var (last, _) = MarkedContent.Make(100_000);

        var (created, parts, completed) = await _s3.UploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = "volume.bin", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 }, first, last);
        using var get = await _s3.GetObjectAsync(bucket, "volume.bin");

        Assert.Equal(ServerSideEncryptionMethod.AES256, created.ServerSideEncryptionMethod);
        Assert.All(parts, part => Assert.Equal(ServerSideEncryptionMethod.AES256, part.ServerSideEncryptionMethod));
        Assert.Equal(ServerSideEncryptionMethod.AES256, completed.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, get.ServerSideEncryptionMethod);
        byte[] whole = [.. first, .. last];
        Assert.Equal(whole, await get.ReadAllBytesAsync());
        Assert.False(DataDirectoryContains(marker));
    }

    [Fact]
    public async Task AwsCli_CpWithSseAes256_StoresTheObjectEncrypted()
    {
        var bucket = await BucketAsync("sse-cli");
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "report.csv");
        // Past the CLI's 8 MiB threshold, so it goes up as a multipart upload.
        var (content, _) = MarkedContent.Make(9 * 1024 * 1024);
        await File.WriteAllBytesAsync(file, content);

        await new AwsCli(server).RunCheckedAsync("s3", "cp", file, $"s3://{bucket}/reports/report.csv", "--sse", "AES256");
        var head = await _s3.GetObjectMetadataAsync(bucket, "reports/report.csv");
        using var get = await _s3.GetObjectAsync(bucket, "reports/report.csv");

        Assert.Equal(ServerSideEncryptionMethod.AES256, head.ServerSideEncryptionMethod);
        Assert.Equal(content, await get.ReadAllBytesAsync());
    }

    private Task<string> BucketAsync(string hint) => _s3.CreateUniqueBucketAsync(hint);

    private Task<PutObjectResponse> PutAsync(string bucket, string key, byte[] content, ServerSideEncryptionMethod? method) =>
        _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(content), ServerSideEncryptionMethod = method });

    private bool DataDirectoryContains(byte[] marker) => DataDirectoryScan.Contains(server, marker);
}
