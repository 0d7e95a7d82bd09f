using System.Net;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Hostile;
using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server;
using Coffer.Server.Hosting;
using Coffer.TestKit;
using Coffer.TestKit.Signing;

namespace Coffer.EndToEnd.Tests;

/// <summary>The real server behind a trusted proxy on 127.0.0.1, run with --allow-sse-c-over-http true.</summary>
public sealed class SseCOverHttpCofferServer : CofferServer
{
    protected override ServerOptions Configure(ServerOptions options) =>
        options with { TrustedProxies = TrustedProxies.Parse("127.0.0.1/32"), AllowCustomerKeysOverHttp = true };
}

/// <summary>
/// SSE-C through the real server, as the AWS .NET SDK and the aws CLI ask for it: the object is sealed under the
/// customer's key, which is nowhere in the data directory; it opens (GET, ranged GET, HEAD) only with that key; every
/// response echoes the algorithm and the key's MD5; multipart uploads seal every part under it. A key sent over plain
/// HTTP from a client that is not on loopback is refused, unless the server allows it.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public sealed class CustomerKeyEncryptionTests(CofferServer server, LoopbackProxiedCofferServer proxied, SseCOverHttpCofferServer allowing)
    : IClassFixture<CofferServer>, IClassFixture<LoopbackProxiedCofferServer>, IClassFixture<SseCOverHttpCofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    private string KeyBase64 => Convert.ToBase64String(_key);

    private string KeyMd5 => Convert.ToBase64String(MD5.HashData(_key));

    public void Dispose() => _s3.Dispose();

    [Fact]
    public async Task PutObject_WithCustomerKey_IsSealedUnderItAndOpensOnlyWithIt()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("sse-c");
        var (small, smallMarker) = MarkedContent.Make(1_000);
        var (large, largeMarker) = MarkedContent.Make(3 * 1024 * 1024);

        var put = await PutAsync(bucket, "small.txt", small);
        await PutAsync(bucket, "large.bin", large);
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest
        {
            BucketName = bucket,
            Key = "large.bin",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = KeyBase64,
        });
        using var get = await _s3.GetObjectAsync(GetRequest(bucket, "small.txt"));
        var ranged = GetRequest(bucket, "large.bin");
        ranged.ByteRange = new ByteRange(1_000_000, 2_048_575);
        using var range = await _s3.GetObjectAsync(ranged);

        Assert.Equal((ServerSideEncryptionCustomerMethod.AES256, KeyMd5), (put.ServerSideEncryptionCustomerMethod, put.ServerSideEncryptionCustomerProvidedKeyMD5));
        Assert.Equal((ServerSideEncryptionCustomerMethod.AES256, KeyMd5), (head.ServerSideEncryptionCustomerMethod, head.ServerSideEncryptionCustomerProvidedKeyMD5));
        Assert.Equal((ServerSideEncryptionCustomerMethod.AES256, KeyMd5), (get.ServerSideEncryptionCustomerMethod, get.ServerSideEncryptionCustomerProvidedKeyMD5));
        Assert.Equal(small, await get.ReadAllBytesAsync());
        Assert.Equal(large.AsSpan(1_000_000, 1_048_576).ToArray(), await range.ReadAllBytesAsync());

        // Coffer keeps MD5 ETags for SSE-C objects too (AWS's are not), so clients can still check what they stored.
        Assert.Equal('"' + Convert.ToHexStringLower(MD5.HashData(small)) + '"', put.ETag);
        Assert.False(DataDirectoryScan.Contains(server, smallMarker));
        Assert.False(DataDirectoryScan.Contains(server, largeMarker));
        Assert.False(DataDirectoryScan.Contains(server, _key));
    }

    [Fact]
    public async Task GetObject_OfSseCObject_WithoutTheKeyIsInvalidRequestAndWithAnotherKeyAccessDenied()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("sse-c-refused");
        await PutAsync(bucket, "secret.txt", RandomNumberGenerator.GetBytes(100));
        var other = GetRequest(bucket, "secret.txt");
        other.ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "secret.txt"));
        var wrong = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(other));
        var headMissing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(bucket, "secret.txt"));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (missing.StatusCode, missing.ErrorCode));
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (wrong.StatusCode, wrong.ErrorCode));
        Assert.Equal(HttpStatusCode.BadRequest, headMissing.StatusCode);
    }

    [Fact]
    public async Task MultipartUpload_WithCustomerKey_SealsEveryPartAndReadsBackWithTheKey()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("sse-c-multipart");
        var (first, marker) = MarkedContent.Make(5 * 1024 * 1024);
        var last = RandomNumberGenerator.GetBytes(70_000);
        var upload = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "assembled.bin",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = KeyBase64,
        });
        var one = await _s3.UploadPartAsync(PartRequest(bucket, upload.UploadId, 1, first));
        var two = await _s3.UploadPartAsync(PartRequest(bucket, upload.UploadId, 2, last));
        var withoutKey = PartRequest(bucket, upload.UploadId, 3, last);
        withoutKey.ServerSideEncryptionCustomerMethod = null;
        withoutKey.ServerSideEncryptionCustomerProvidedKey = null;
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.UploadPartAsync(withoutKey));
        await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "assembled.bin",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, one.ETag), new PartETag(2, two.ETag)],
        });
        using var get = await _s3.GetObjectAsync(GetRequest(bucket, "assembled.bin"));

        // Without the key: a part past the last is InvalidPart (S3 checks it first), an existing part InvalidRequest.
        var pastTheLast = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "assembled.bin", PartNumber = 5 }));
        var unkeyedPart = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "assembled.bin", PartNumber = 1 }));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidPart"), (pastTheLast.StatusCode, pastTheLast.ErrorCode));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (unkeyedPart.StatusCode, unkeyedPart.ErrorCode));
        Assert.Equal((ServerSideEncryptionCustomerMethod.AES256, KeyMd5), (upload.ServerSideEncryptionCustomerMethod, upload.ServerSideEncryptionCustomerProvidedKeyMD5));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (refused.StatusCode, refused.ErrorCode));
        byte[] whole = [.. first, .. last];
        Assert.Equal(whole, await get.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server, marker));
        Assert.False(DataDirectoryScan.Contains(server, _key));
    }

    [Fact]
    public async Task ListParts_OfSseCUpload_TakesItsOwnKeyOrNoneAndRefusesAnother()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("sse-c-list-parts");
        var upload = await InitiateAsync(bucket, checksum: null);
        await _s3.UploadPartAsync(PartRequest(bucket, upload.UploadId, 1, [1, 2, 3]));
        var raw = Raw(server);
        var path = $"/{bucket}/assembled.bin?uploadId={upload.UploadId}";

        var withKey = await _s3.ListPartsAsync(ListRequest(bucket, upload.UploadId, KeyBase64));
        var withoutKey = await _s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "assembled.bin", UploadId = upload.UploadId });
        var otherKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.ListPartsAsync(ListRequest(bucket, upload.UploadId, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))));
        var echoed = await raw.SendAsync(raw.Sign("GET", path, null, KeyHeaders()));

        Assert.Equal(1, Assert.Single(withKey.Parts).PartNumber);
        Assert.Equal(1, Assert.Single(withoutKey.Parts).PartNumber);
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (otherKey.StatusCode, otherKey.ErrorCode));
        Assert.Equal(200, echoed.Status);
        Assert.Equal(("AES256", KeyMd5), (echoed.Headers["x-amz-server-side-encryption-customer-algorithm"], echoed.Headers["x-amz-server-side-encryption-customer-key-md5"]));
    }

    [Fact]
    public async Task ListParts_OfSseCUploadWithChecksums_NeedsTheKeyToShowThem()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("sse-c-list-sums");
        var upload = await InitiateAsync(bucket, ChecksumAlgorithm.SHA256);
        var part = PartRequest(bucket, upload.UploadId, 1, [4, 5, 6]);
        part.ChecksumAlgorithm = ChecksumAlgorithm.SHA256;
        await _s3.UploadPartAsync(part);

        var withoutKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(
            () => _s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "assembled.bin", UploadId = upload.UploadId }));
        var withKey = await _s3.ListPartsAsync(ListRequest(bucket, upload.UploadId, KeyBase64));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (withoutKey.StatusCode, withoutKey.ErrorCode));
        Assert.Equal(Convert.ToBase64String(SHA256.HashData([4, 5, 6])), Assert.Single(withKey.Parts).ChecksumSHA256);
    }

    [Fact]
    public async Task ListParts_OfUploadWithoutCustomerKey_GivenOne_IsInvalidRequest()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("sse-c-list-plain");
        var upload = await _s3.InitiateMultipartUploadAsync(bucket, "assembled.bin");

        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.ListPartsAsync(ListRequest(bucket, upload.UploadId, KeyBase64)));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (refused.StatusCode, refused.ErrorCode));
    }

    [Fact]
    public async Task CopyObject_OfSseCObjectUnderItsOwnKey_IsSseCUnderThatKey()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("sse-c-copy");
        var content = RandomNumberGenerator.GetBytes(200_000);
        await PutAsync(bucket, "source.bin", content);

        var copy = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "source.bin",
            DestinationBucket = bucket,
            DestinationKey = "copy.bin",
            CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            CopySourceServerSideEncryptionCustomerProvidedKey = KeyBase64,
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = KeyBase64,
        });
        using var get = await _s3.GetObjectAsync(GetRequest(bucket, "copy.bin"));
        var withoutKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "copy.bin"));

        Assert.Equal((ServerSideEncryptionCustomerMethod.AES256, KeyMd5), (copy.ServerSideEncryptionCustomerMethod, copy.ServerSideEncryptionCustomerProvidedKeyMD5));
        Assert.Equal(content, await get.ReadAllBytesAsync());
        Assert.Equal(HttpStatusCode.BadRequest, withoutKey.StatusCode);
    }

    [Fact]
    public async Task UploadPartCopy_FromSseCSource_IntoAnUploadUnderAnotherKey_IsResealedUnderTheUploadsKey()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("sse-c-part-copy");
        var content = RandomNumberGenerator.GetBytes(300_000);
        await PutAsync(bucket, "source.bin", content);
        var uploadKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var (_, part) = await _s3.CopyAsOnePartAsync(
            new InitiateMultipartUploadRequest
            {
                BucketName = bucket,
                Key = "assembled.bin",
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = uploadKey,
            },
            new CopyPartRequest
            {
                SourceBucket = bucket,
                SourceKey = "source.bin",
                FirstByte = 1_000,
                LastByte = 200_999,
                CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                CopySourceServerSideEncryptionCustomerProvidedKey = KeyBase64,
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = uploadKey,
            });
        var read = GetRequest(bucket, "assembled.bin");
        read.ServerSideEncryptionCustomerProvidedKey = uploadKey;
        using var get = await _s3.GetObjectAsync(read);
        var underSourceKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(GetRequest(bucket, "assembled.bin")));

        Assert.Equal(content.AsSpan(1_000, 200_000).ToArray(), await get.ReadAllBytesAsync());
        Assert.Equal(HttpStatusCode.Forbidden, underSourceKey.StatusCode);
    }

    [Fact]
    public async Task AwsCli_CpWithSseC_UploadsSealedAndDownloadsOnlyWithTheKey()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("sse-c-cli");
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "report.csv");
        var keyFile = Path.Combine(directory.Path, "key.bin");
        var back = Path.Combine(directory.Path, "back.csv");

        // Past the CLI's 8 MiB threshold, so it goes up as a multipart upload and comes down in ranged GETs.
        var (content, marker) = MarkedContent.Make(9 * 1024 * 1024);
        await File.WriteAllBytesAsync(file, content);
        await File.WriteAllBytesAsync(keyFile, _key);
        var cli = new AwsCli(server);

        await cli.RunCheckedAsync("s3", "cp", file, $"s3://{bucket}/report.csv", "--sse-c", "AES256", "--sse-c-key", "fileb://" + keyFile);
        var withoutKey = await cli.RunAsync("s3", "cp", $"s3://{bucket}/report.csv", back);
        await cli.RunCheckedAsync("s3", "cp", $"s3://{bucket}/report.csv", back, "--sse-c", "AES256", "--sse-c-key", "fileb://" + keyFile);

        Assert.NotEqual(0, withoutKey.ExitCode);
        Assert.Equal(content, await File.ReadAllBytesAsync(back));
        Assert.False(DataDirectoryScan.Contains(server, marker));
        Assert.False(DataDirectoryScan.Contains(server, _key));
    }

    [Fact]
    public async Task CustomerKey_OverPlainHttpFromANonLoopbackClient_IsRefusedUnlessTlsOrAllowed()
    {
        // The proxy on 127.0.0.1 is trusted, so the forwarded address is the client's: not loopback. The forwarded
        // headers go unsigned, as a proxy adds them after the client signed.
        var bucket = await BucketOnAsync(proxied);
        var remote = Raw(proxied);
        var put = remote.Sign("PUT", $"/{bucket}/secret.txt", RawS3Client.Utf8("secret"), KeyHeaders()).WithHeader("X-Forwarded-For", "203.0.113.7");
        var refused = await remote.SendAsync(put);
        var overTls = await remote.SendAsync(put.WithHeader("X-Forwarded-Proto", "https"));

        var allowingBucket = await BucketOnAsync(allowing);
        var allowed = Raw(allowing);
        var accepted = await allowed.SendAsync(
            allowed.Sign("PUT", $"/{allowingBucket}/secret.txt", RawS3Client.Utf8("secret"), KeyHeaders()).WithHeader("X-Forwarded-For", "203.0.113.7"));

        Assert.Equal((400, "InvalidRequest"), (refused.Status, refused.ErrorCode));
        Assert.Contains("must be made over a secure connection", refused.Text, StringComparison.Ordinal);
        Assert.Equal(200, overTls.Status);
        Assert.Equal(200, accepted.Status);
    }

    private (string Name, string Value)[] KeyHeaders() =>
    [
        ("x-amz-server-side-encryption-customer-algorithm", "AES256"),
        ("x-amz-server-side-encryption-customer-key", KeyBase64),
        ("x-amz-server-side-encryption-customer-key-MD5", KeyMd5),
    ];

    private static RawS3Client Raw(CofferServer host) => new(host.Endpoint, new SigV4Signer(host.AccessKey, host.SecretKey, CofferServer.Region));

    private static async Task<string> BucketOnAsync(CofferServer host)
    {
        using var s3 = host.CreateClient();
        return await s3.CreateUniqueBucketAsync("sse-c-http");
    }

    private Task<PutObjectResponse> PutAsync(string bucket, string key, byte[] content) => _s3.PutObjectAsync(new PutObjectRequest
    {
        BucketName = bucket,
        Key = key,
        InputStream = new MemoryStream(content),
        ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
        ServerSideEncryptionCustomerProvidedKey = KeyBase64,
    });

    private Task<InitiateMultipartUploadResponse> InitiateAsync(string bucket, ChecksumAlgorithm? checksum) => _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
    {
        BucketName = bucket,
        Key = "assembled.bin",
        ChecksumAlgorithm = checksum,
        ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
        ServerSideEncryptionCustomerProvidedKey = KeyBase64,
    });

    private static ListPartsRequest ListRequest(string bucket, string uploadId, string keyBase64) => new()
    {
        BucketName = bucket,
        Key = "assembled.bin",
        UploadId = uploadId,
        SSECustomerAlgorithm = ServerSideEncryptionCustomerMethod.AES256,
        SSECustomerKey = keyBase64,

        // Unlike its other requests, the SDK does not compute the key's MD5 for ListParts.
        SSECustomerKeyMD5 = Convert.ToBase64String(MD5.HashData(Convert.FromBase64String(keyBase64))),
    };

    private GetObjectRequest GetRequest(string bucket, string key) => new()
    {
        BucketName = bucket,
        Key = key,
        ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
        ServerSideEncryptionCustomerProvidedKey = KeyBase64,
    };

    private UploadPartRequest PartRequest(string bucket, string uploadId, int number, byte[] content) => new()
    {
        BucketName = bucket,
        Key = "assembled.bin",
        UploadId = uploadId,
        PartNumber = number,
        InputStream = new MemoryStream(content),
        ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
        ServerSideEncryptionCustomerProvidedKey = KeyBase64,
    };
}
