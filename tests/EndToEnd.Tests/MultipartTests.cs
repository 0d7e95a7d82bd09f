using System.Net;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>Multipart uploads through the AWS SDK for .NET: the low-level operations and TransferUtility.</summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class MultipartTests(CofferServer server) : IClassFixture<CofferServer>, IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly string _bucket = CofferServer.UniqueBucket("mpu");

    public Task InitializeAsync() => _s3.PutBucketAsync(_bucket);

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task CompleteMultipartUpload_ThreeParts_ObjectIsByteIdenticalWithMultipartETag()
    {
        var parts = new[] { RandomNumberGenerator.GetBytes(5 * MiB), RandomNumberGenerator.GetBytes(5 * MiB), RandomNumberGenerator.GetBytes(MiB) };
        var uploadId = await CreateAsync("three.bin", "application/x-three", ("origin", "test"));
        var etags = new List<PartETag>();
        for (var i = 0; i < parts.Length; i++)
        {
            etags.Add(await UploadPartAsync("three.bin", uploadId, i + 1, parts[i]));
        }

        var completed = await CompleteAsync("three.bin", uploadId, etags);

        var expectedETag = $"\"{Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(MD5.HashData).ToArray()))}-3\"";
        Assert.Equal(expectedETag, completed.ETag);
        Assert.Equal($"{server.Endpoint.ToString().TrimEnd('/')}/{_bucket}/three.bin", completed.Location);
        Assert.Equal(_bucket, completed.BucketName);
        Assert.Equal("three.bin", completed.Key);

        using var response = await _s3.GetObjectAsync(_bucket, "three.bin");
        Assert.Equal(parts.SelectMany(part => part).ToArray(), await ReadAllAsync(response));
        Assert.Equal(expectedETag, response.ETag);
        Assert.Equal("application/x-three", response.Headers.ContentType);
        Assert.Equal("test", response.Metadata["origin"]);
    }

    [Fact]
    public async Task CompleteMultipartUpload_VirtualHosted_LocationNamesTheBucketInTheHostAndEncodesTheKey()
    {
        using var s3 = server.CreateClient(pathStyle: false);
        var key = "dir/a b+c.txt";
        var uploadId = (await s3.InitiateMultipartUploadAsync(_bucket, key)).UploadId;
        var part = await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = 1,
            InputStream = new MemoryStream([1, 2, 3]),
        });

        var completed = await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = key,
            UploadId = uploadId,
            PartETags = [new PartETag(part)],
        });

        Assert.Equal($"http://{_bucket}.localhost:{server.Endpoint.Port}/dir/a%20b%2Bc.txt", completed.Location);
        Assert.Equal(key, completed.Key);
    }

    [Fact]
    public async Task CompleteMultipartUpload_IfNoneMatchOnExistingKey_IsPreconditionFailedAndTheUploadStays()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "guarded.txt", ContentBody = "first" });
        var uploadId = await CreateAsync("guarded.txt");
        var part = await UploadPartAsync("guarded.txt", uploadId, 1, "second"u8.ToArray());

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "guarded.txt",
            UploadId = uploadId,
            PartETags = [part],
            IfNoneMatch = "*",
        }));
        var parts = await _s3.ListPartsAsync(_bucket, "guarded.txt", uploadId);

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        Assert.Single(parts.Parts);
        using var response = await _s3.GetObjectAsync(_bucket, "guarded.txt");
        Assert.Equal("first"u8.ToArray(), await ReadAllAsync(response));
    }

    [Fact]
    public async Task UploadPart_UploadCreatedWithCrc32_StoresEachPartsChecksumAndCompletesWithThem()
    {
        var content = RandomNumberGenerator.GetBytes(1000);
        var created = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "summed.bin",
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        });
        var part = await _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _bucket,
            Key = "summed.bin",
            UploadId = created.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream(content),
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        });

        var listed = await _s3.ListPartsAsync(_bucket, "summed.bin", created.UploadId);
        await CompleteAsync("summed.bin", created.UploadId, [new PartETag(part)]);

        Assert.Equal(ChecksumAlgorithm.CRC32, created.ChecksumAlgorithm);
        Assert.False(string.IsNullOrEmpty(part.ChecksumCRC32));
        Assert.Equal(part.ChecksumCRC32, Assert.Single(listed.Parts).ChecksumCRC32);
        Assert.Equal(ChecksumAlgorithm.CRC32, listed.ChecksumAlgorithm);
    }

    [Fact]
    public async Task GetObject_RangeAcrossAPartBoundary_ReturnsExactlyThoseBytes()
    {
        var content = await UploadThreePartsAsync("ranged.bin");

        using var response = await _s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = _bucket,
            Key = "ranged.bin",
            ByteRange = new ByteRange((5 * MiB) - 100, (10 * MiB) + 99),
        });

        Assert.Equal(HttpStatusCode.PartialContent, response.HttpStatusCode);
        Assert.Equal($"bytes {(5 * MiB) - 100}-{(10 * MiB) + 99}/{content.Length}", response.ContentRange);
        Assert.Equal(content[((5 * MiB) - 100)..((10 * MiB) + 100)], await ReadAllAsync(response));
    }

    [Fact]
    public async Task GetObject_PartNumber_ReturnsThatPartWithPartsCount()
    {
        var content = await UploadThreePartsAsync("parts.bin");

        using var second = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "parts.bin", PartNumber = 2 });
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "parts.bin", PartNumber = 3 });
        var beyond = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "parts.bin", PartNumber = 4 }));

        Assert.Equal(HttpStatusCode.PartialContent, second.HttpStatusCode);
        Assert.Equal(3, second.PartsCount);
        Assert.Equal($"bytes {5 * MiB}-{(10 * MiB) - 1}/{content.Length}", second.ContentRange);
        Assert.Equal(content[(5 * MiB)..(10 * MiB)], await ReadAllAsync(second));
        Assert.Equal(MiB, head.ContentLength);
        Assert.Equal(3, head.PartsCount);
        Assert.Equal("InvalidPart", beyond.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
    }

    [Fact]
    public async Task GetObject_PartNumberOneOfAPlainObject_IsTheWholeObject()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "plain.txt", ContentBody = "0123456789" });

        using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "plain.txt", PartNumber = 1 });

        Assert.Equal(HttpStatusCode.PartialContent, response.HttpStatusCode);
        Assert.Equal("bytes 0-9/10", response.ContentRange);
        Assert.Null(response.PartsCount);
        Assert.Equal("0123456789"u8.ToArray(), await ReadAllAsync(response));
    }

    [Fact]
    public async Task UploadPart_SameNumberAgain_ReplacesThePart()
    {
        var uploadId = await CreateAsync("again.bin");
        await UploadPartAsync("again.bin", uploadId, 1, "first"u8.ToArray());
        var second = await UploadPartAsync("again.bin", uploadId, 1, "second"u8.ToArray());

        await CompleteAsync("again.bin", uploadId, [second]);

        using var response = await _s3.GetObjectAsync(_bucket, "again.bin");
        Assert.Equal("second"u8.ToArray(), await ReadAllAsync(response));
    }

    [Fact]
    public async Task CompleteMultipartUpload_SmallPartBeforeTheLast_IsEntityTooSmall()
    {
        var uploadId = await CreateAsync("small.bin");
        var one = await UploadPartAsync("small.bin", uploadId, 1, new byte[1000]);
        var two = await UploadPartAsync("small.bin", uploadId, 2, new byte[1000]);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => CompleteAsync("small.bin", uploadId, [one, two]));

        Assert.Equal("EntityTooSmall", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task CompleteMultipartUpload_UnknownETag_IsInvalidPart()
    {
        var uploadId = await CreateAsync("invalid.bin");
        await UploadPartAsync("invalid.bin", uploadId, 1, new byte[10]);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            CompleteAsync("invalid.bin", uploadId, [new PartETag(1, "\"0123456789abcdef0123456789abcdef\"")]));

        Assert.Equal("InvalidPart", error.ErrorCode);
    }

    [Fact]
    public async Task CompleteMultipartUpload_PartsOutOfOrder_IsInvalidPartOrder()
    {
        var uploadId = await CreateAsync("order.bin");
        var one = await UploadPartAsync("order.bin", uploadId, 1, new byte[5 * MiB]);
        var two = await UploadPartAsync("order.bin", uploadId, 2, new byte[10]);

        // The SDK sorts PartETags before sending them; the aws CLI sends them as given.
        var parts = $"{{\"Parts\":[{{\"PartNumber\":2,\"ETag\":{Json(two.ETag)}}},{{\"PartNumber\":1,\"ETag\":{Json(one.ETag)}}}]}}";
        var result = await new AwsCli(server).RunAsync(
            "s3api", "complete-multipart-upload", "--bucket", _bucket, "--key", "order.bin", "--upload-id", uploadId, "--multipart-upload", parts);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(InvalidPartOrder)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AbortMultipartUpload_ThenUseTheUpload_IsNoSuchUpload()
    {
        var uploadId = await CreateAsync("aborted.bin");
        var part = await UploadPartAsync("aborted.bin", uploadId, 1, new byte[10]);

        await _s3.AbortMultipartUploadAsync(_bucket, "aborted.bin", uploadId);

        var complete = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => CompleteAsync("aborted.bin", uploadId, [part]));
        var list = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.ListPartsAsync(_bucket, "aborted.bin", uploadId));
        var abort = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.AbortMultipartUploadAsync(_bucket, "aborted.bin", uploadId));
        Assert.Equal("NoSuchUpload", complete.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, complete.StatusCode);
        Assert.Equal("NoSuchUpload", list.ErrorCode);
        Assert.Equal("NoSuchUpload", abort.ErrorCode);
    }

    [Fact]
    public async Task ListParts_MaxPartsOne_PagesThroughEveryPart()
    {
        var uploadId = await CreateAsync("listed.bin");
        foreach (var number in new[] { 1, 2, 3 })
        {
            await UploadPartAsync("listed.bin", uploadId, number, new byte[number]);
        }

        var seen = new List<(int Number, long Size)>();
        int? marker = null;
        while (true)
        {
            var page = await _s3.ListPartsAsync(new ListPartsRequest
            {
                BucketName = _bucket,
                Key = "listed.bin",
                UploadId = uploadId,
                MaxParts = 1,
                PartNumberMarker = marker?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            var part = Assert.Single(page.Parts);
            seen.Add((part.PartNumber ?? 0, part.Size ?? 0));
            if (page.IsTruncated != true)
            {
                break;
            }

            marker = page.NextPartNumberMarker;
        }

        Assert.Equal([(1, 1L), (2, 2L), (3, 3L)], seen);
    }

    [Fact]
    public async Task ListMultipartUploads_PrefixAndDelimiter_ListsUploadsAndCommonPrefixes()
    {
        var ids = new Dictionary<string, string>();
        foreach (var key in new[] { "logs/a.gz", "logs/2024/b.gz", "logs/2025/c.gz", "other.txt" })
        {
            ids[key] = await CreateAsync(key);
        }

        var response = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket, Prefix = "logs/", Delimiter = "/" });

        var upload = Assert.Single(response.MultipartUploads);
        Assert.Equal("logs/a.gz", upload.Key);
        Assert.Equal(ids["logs/a.gz"], upload.UploadId);
        Assert.Equal(["logs/2024/", "logs/2025/"], response.CommonPrefixes);
        Assert.Equal("logs/", response.Prefix);
        Assert.Equal("/", response.Delimiter);
        Assert.NotEqual(true, response.IsTruncated);
    }

    [Fact]
    public async Task ListObjectsV2_OpenUpload_IsNotListed()
    {
        var uploadId = await CreateAsync("pending.bin");
        await UploadPartAsync("pending.bin", uploadId, 1, new byte[10]);

        var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "pending" });
        var head = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(_bucket, "pending.bin"));

        Assert.Empty(listing.S3Objects ?? []);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task UploadPartCopy_Range_CopiesThoseBytesIntoThePart()
    {
        var source = RandomNumberGenerator.GetBytes(6 * MiB);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "copy-source.bin", InputStream = new MemoryStream(source) });
        var uploadId = await CreateAsync("copied.bin");

        var first = await _s3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = _bucket,
            SourceKey = "copy-source.bin",
            DestinationBucket = _bucket,
            DestinationKey = "copied.bin",
            UploadId = uploadId,
            PartNumber = 1,
            FirstByte = MiB,
            LastByte = (6 * MiB) - 1,
        });
        var second = await _s3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = _bucket,
            SourceKey = "copy-source.bin",
            DestinationBucket = _bucket,
            DestinationKey = "copied.bin",
            UploadId = uploadId,
            PartNumber = 2,
            FirstByte = 0,
            LastByte = 99,
        });
        await CompleteAsync("copied.bin", uploadId, [new PartETag(1, first.ETag), new PartETag(2, second.ETag)]);

        using var response = await _s3.GetObjectAsync(_bucket, "copied.bin");
        Assert.Equal(source[MiB..].Concat(source[..100]).ToArray(), await ReadAllAsync(response));
        Assert.Equal('"' + Convert.ToHexStringLower(MD5.HashData(source[..100])) + '"', second.ETag);
    }

    [Fact]
    public async Task TransferUtility_TwentyMiBInParallelParts_RoundTripsByteIdentical()
    {
        var content = RandomNumberGenerator.GetBytes(20 * MiB);
        using var transfer = new TransferUtility(_s3, new TransferUtilityConfig { ConcurrentServiceRequests = 4 });

        await transfer.UploadAsync(new TransferUtilityUploadRequest
        {
            BucketName = _bucket,
            Key = "transfer/big.bin",
            InputStream = new MemoryStream(content),
            PartSize = 5 * MiB,
        });

        var head = await _s3.GetObjectMetadataAsync(_bucket, "transfer/big.bin");
        Assert.EndsWith("-4\"", head.ETag, StringComparison.Ordinal);
        await using var download = await transfer.OpenStreamAsync(_bucket, "transfer/big.bin");
        using var buffer = new MemoryStream();
        await download.CopyToAsync(buffer);
        Assert.Equal(content, buffer.ToArray());
    }

    private async Task<byte[]> UploadThreePartsAsync(string key)
    {
        var parts = new[] { RandomNumberGenerator.GetBytes(5 * MiB), RandomNumberGenerator.GetBytes(5 * MiB), RandomNumberGenerator.GetBytes(MiB) };
        var uploadId = await CreateAsync(key);
        var etags = new List<PartETag>();
        for (var i = 0; i < parts.Length; i++)
        {
            etags.Add(await UploadPartAsync(key, uploadId, i + 1, parts[i]));
        }

        await CompleteAsync(key, uploadId, etags);
        return [.. parts.SelectMany(part => part)];
    }

    private async Task<string> CreateAsync(string key, string? contentType = null, params (string Name, string Value)[] metadata)
    {
        var request = new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key, ContentType = contentType };
        foreach (var (name, value) in metadata)
        {
            request.Metadata.Add(name, value);
        }

        return (await _s3.InitiateMultipartUploadAsync(request)).UploadId;
    }

    private async Task<PartETag> UploadPartAsync(string key, string uploadId, int partNumber, byte[] content)
    {
        var response = await _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = partNumber,
            InputStream = new MemoryStream(content),
        });
        return new PartETag(response);
    }

    private Task<CompleteMultipartUploadResponse> CompleteAsync(string key, string uploadId, List<PartETag> parts) =>
        _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId, PartETags = parts });

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static async Task<byte[]> ReadAllAsync(GetObjectResponse response)
    {
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
