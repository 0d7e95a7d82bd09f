using System.Net;
using System.Security.Cryptography;
using System.Text;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class ObjectTests(CofferServer server) : IClassFixture<CofferServer>, IAsyncLifetime
{
    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly string _bucket = CofferServer.UniqueBucket("obj");

    public Task InitializeAsync() => _s3.PutBucketAsync(_bucket);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<byte[]> GetBytesAsync(AmazonS3Client client, string key)
    {
        using var response = await client.GetObjectAsync(_bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public async Task PutObject_SdkDefaults_RoundTripsBytesWithMd5ETag()
    {
        // The SDK's default over HTTP: aws-chunked, signed chunks, trailing CRC32.
        var content = RandomNumberGenerator.GetBytes(1_000_000);

        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "big.bin", InputStream = new MemoryStream(content) });

        Assert.Equal('"' + Convert.ToHexStringLower(MD5.HashData(content)) + '"', put.ETag);
        Assert.Equal(content, await GetBytesAsync(_s3, "big.bin"));
    }

    [Fact]
    public async Task PutObject_ContentHeadersAndMetadata_AreReturnedByHeadAndGet()
    {
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = "doc.txt",
            ContentBody = "hello",
            ContentType = "text/plain; charset=utf-8",
            StorageClass = S3StorageClass.StandardInfrequentAccess,
        };
        request.Headers.ContentDisposition = "attachment; filename=\"doc.txt\"";
        request.Headers.ContentEncoding = "identity";
        request.Headers.CacheControl = "max-age=60";
        request.Headers.ContentLanguage = "en";
        request.Metadata.Add("color", "blue");
        request.Metadata.Add("owner", "alice");
        await _s3.PutObjectAsync(request);

        var head = await _s3.GetObjectMetadataAsync(_bucket, "doc.txt");

        Assert.Equal("text/plain; charset=utf-8", head.Headers.ContentType);
        Assert.Equal("attachment; filename=\"doc.txt\"", head.Headers.ContentDisposition);
        Assert.Equal("identity", head.Headers.ContentEncoding);
        Assert.Equal("max-age=60", head.Headers.CacheControl);
        Assert.Equal("en", head.Headers["Content-Language"]);
        Assert.Equal("blue", head.Metadata["color"]);
        Assert.Equal("alice", head.Metadata["owner"]);
        Assert.Equal(S3StorageClass.StandardInfrequentAccess, head.StorageClass);
        Assert.Equal(5, head.ContentLength);
    }

    [Fact]
    public async Task PutObject_UnknownStorageClass_IsInvalidStorageClass()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(
            new PutObjectRequest { BucketName = _bucket, Key = "k", ContentBody = "x", StorageClass = new S3StorageClass("PLATINUM") }));

        Assert.Equal("InvalidStorageClass", error.ErrorCode);
    }

    [Fact]
    public async Task PutObject_MetadataOver2KB_IsMetadataTooLarge()
    {
        var request = new PutObjectRequest { BucketName = _bucket, Key = "meta", ContentBody = "x" };
        request.Metadata.Add("big", new string('v', 2100));

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(request));

        Assert.Equal("MetadataTooLarge", error.ErrorCode);
    }

    [Fact]
    public async Task AwkwardKeys_RoundTrip_PathStyleAndVirtualHosted()
    {
        using var virtualHosted = server.CreateClient(pathStyle: false);

        // The .NET SDK strips a key's leading slash when it builds the URL but not when it signs
        // (aws/aws-sdk-net#1720), so "/lead" cannot work from it against any server; the aws CLI test covers it.
        var keys = AwkwardKeys.All.Where(k => k != AwkwardKeys.LeadingSlash).ToList();
        foreach (var key in keys)
        {
            var content = Encoding.UTF8.GetBytes("content of " + key);
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = new MemoryStream(content) });

            Assert.Equal(content, await GetBytesAsync(_s3, key));
            Assert.Equal(content, await GetBytesAsync(virtualHosted, key));
        }

        var listed = new List<string>();
        var request = new ListObjectsV2Request { BucketName = _bucket };
        ListObjectsV2Response page;
        do
        {
            page = await _s3.ListObjectsV2Async(request);
            listed.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        Assert.All(keys, key => Assert.Contains(key, listed));
        AssertNoFileOutside(server.DataDirectory);
    }

    private static void AssertNoFileOutside(string dataDirectory)
    {
        // Keys are rows, not paths: nothing named after a key may appear anywhere in the data directory.
        var names = Directory.EnumerateFileSystemEntries(dataDirectory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(names, n => n is "passwd" or "x" or "lead" or "c");
    }

    [Fact]
    public async Task PutObject_ConditionalWrites_FollowIfNoneMatchAndIfMatch()
    {
        var created = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "cw", ContentBody = "v1", IfNoneMatch = "*" });

        var exists = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "cw", ContentBody = "v2", IfNoneMatch = "*" }));
        var sameTag = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "cw", ContentBody = "v2", IfNoneMatch = created.ETag }));
        var wrongTag = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "cw", ContentBody = "v2", IfMatch = "\"0000\"" }));
        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "cw-missing", ContentBody = "v2", IfMatch = "*" }));
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "cw", ContentBody = "v3", IfMatch = created.ETag });

        Assert.Equal(HttpStatusCode.PreconditionFailed, exists.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, sameTag.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, wrongTag.StatusCode);
        Assert.Equal("NoSuchKey", missing.ErrorCode);
        Assert.Equal("v3"u8.ToArray(), await GetBytesAsync(_s3, "cw"));
    }

    [Fact]
    public async Task PutObject_Sha256Checksum_IsStoredAndReturned_AndAMismatchIsBadDigest()
    {
        var content = Encoding.UTF8.GetBytes(new string('A', 1024));
        var sha256 = Convert.ToBase64String(SHA256.HashData(content));

        var put = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = "sum",
            InputStream = new MemoryStream(content),
            ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
            ChecksumSHA256 = sha256,
        });
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "sum", ChecksumMode = ChecksumMode.ENABLED });
        var plainHead = await _s3.GetObjectMetadataAsync(_bucket, "sum");
        var bad = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = "sum",
            InputStream = new MemoryStream(content),
            ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
            ChecksumSHA256 = Convert.ToBase64String(SHA256.HashData("other"u8)),
        }));

        Assert.Equal(sha256, put.ChecksumSHA256);
        Assert.Equal(sha256, head.ChecksumSHA256);
        Assert.Null(plainHead.ChecksumSHA256);
        Assert.Equal("BadDigest", bad.ErrorCode);
    }

    [Fact]
    public async Task PresignedPut_WithoutChecksum_GetsDefaultCrc64Nvme()
    {
        var content = RandomNumberGenerator.GetBytes(4096);
        var url = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = "presigned-put",
            Verb = HttpVerb.PUT,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
        });
        using var http = new HttpClient();

        var put = await http.PutAsync(url, new ByteArrayContent(content));
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "presigned-put", ChecksumMode = ChecksumMode.ENABLED });

        // Like S3 since 2025: an object stored without a client checksum still gets a full-object CRC64NVME.
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.False(string.IsNullOrEmpty(head.ChecksumCRC64NVME));
        Assert.Equal(content, await GetBytesAsync(_s3, "presigned-put"));
    }

    [Fact]
    public async Task GetObject_Range_Returns206WithContentRange()
    {
        var content = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "range", InputStream = new MemoryStream(content) });

        using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "range", ByteRange = new ByteRange(100, 199) });
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);

        Assert.Equal(HttpStatusCode.PartialContent, response.HttpStatusCode);
        Assert.Equal("bytes 100-199/1000", response.ContentRange);
        Assert.Equal(content[100..200], buffer.ToArray());
    }

    [Fact]
    public async Task GetObject_RangePastEnd_IsInvalidRange()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "small", ContentBody = "abc" });

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "small", ByteRange = new ByteRange("bytes=10-20") }));

        Assert.Equal("InvalidRange", error.ErrorCode);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, error.StatusCode);
    }

    [Fact]
    public async Task GetObject_Conditionals_Give304And412()
    {
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "cond", ContentBody = "abc" });

        var notModified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "cond", EtagToNotMatch = put.ETag }));
        var failed = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "cond", EtagToMatch = "\"0123\"" }));
        using var matched = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "cond", EtagToMatch = put.ETag });

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, matched.HttpStatusCode);
    }

    [Fact]
    public async Task GetObject_ResponseOverrides_ReplaceHeaders()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "ovr", ContentBody = "abc", ContentType = "text/plain" });

        using var response = await _s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = _bucket,
            Key = "ovr",
            ResponseHeaderOverrides = new ResponseHeaderOverrides { ContentType = "application/json", ContentDisposition = "inline", CacheControl = "no-cache" },
        });

        Assert.Equal("application/json", response.Headers.ContentType);
        Assert.Equal("inline", response.Headers.ContentDisposition);
        Assert.Equal("no-cache", response.Headers.CacheControl);
    }

    [Fact]
    public async Task GetObject_MissingKey_IsNoSuchKey()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(_bucket, "never-written"));

        Assert.Equal("NoSuchKey", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task DeleteObject_MissingKey_Is204()
    {
        var response = await _s3.DeleteObjectAsync(_bucket, "never-written");

        Assert.Equal(HttpStatusCode.NoContent, response.HttpStatusCode);
    }

    [Fact]
    public async Task CopyObject_WithReplace_ChangesMetadataAndKeepsBytes()
    {
        var content = RandomNumberGenerator.GetBytes(10_000);
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "src dir/é.bin", InputStream = new MemoryStream(content) });

        var copy = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket,
            SourceKey = "src dir/é.bin",
            DestinationBucket = _bucket,
            DestinationKey = "dst/copy.bin",
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = "application/x-copied",
        });
        var head = await _s3.GetObjectMetadataAsync(_bucket, "dst/copy.bin");

        Assert.Equal(put.ETag, copy.ETag);
        Assert.Equal("application/x-copied", head.Headers.ContentType);
        Assert.Equal(content, await GetBytesAsync(_s3, "dst/copy.bin"));
    }

    [Fact]
    public async Task CopyObject_OntoItselfWithoutReplace_IsInvalidRequest_WithReplace_Succeeds()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "self", ContentBody = "abc", ContentType = "text/plain" });

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CopyObjectAsync(_bucket, "self", _bucket, "self"));
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket,
            SourceKey = "self",
            DestinationBucket = _bucket,
            DestinationKey = "self",
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = "text/csv",
        });

        Assert.Equal("InvalidRequest", error.ErrorCode);
        Assert.Equal("text/csv", (await _s3.GetObjectMetadataAsync(_bucket, "self")).Headers.ContentType);
        Assert.Equal("abc"u8.ToArray(), await GetBytesAsync(_s3, "self"));
    }

    [Fact]
    public async Task CopyObject_SourceIfMatchFails_IsPreconditionFailed()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "csrc", ContentBody = "abc" });

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket,
            SourceKey = "csrc",
            DestinationBucket = _bucket,
            DestinationKey = "cdst",
            ETagToMatch = "\"ffff\"",
        }));

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
    }

    [Fact]
    public async Task DeleteObjects_DeletesAndReportsEachKey()
    {
        foreach (var key in new[] { "d/1", "d/2", "d/3" })
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = key });
        }

        var result = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = _bucket,
            Objects = [new KeyVersion { Key = "d/1" }, new KeyVersion { Key = "d/2" }, new KeyVersion { Key = "d/missing" }],
        });
        var remaining = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "d/" });

        Assert.Equal(["d/1", "d/2", "d/missing"], result.DeletedObjects.Select(d => d.Key).Order());
        Assert.Equal(["d/3"], remaining.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task ListObjectsV2_WithDelimiterAndPaging_ReturnsPrefixesAndEveryKeyOnce()
    {
        var keys = new[] { "p/a/1", "p/a/2", "p/b/1", "p/c", "p/d", "p/e", "p/f/1" };
        foreach (var key in keys)
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = "x" });
        }

        var objects = new List<string>();
        var prefixes = new List<string>();
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = "p/", Delimiter = "/", MaxKeys = 2 };
        ListObjectsV2Response page;
        do
        {
            page = await _s3.ListObjectsV2Async(request);
            objects.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            prefixes.AddRange(page.CommonPrefixes ?? []);
            Assert.True(page.KeyCount <= 2);
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        Assert.Equal(["p/c", "p/d", "p/e"], objects);
        Assert.Equal(["p/a/", "p/b/", "p/f/"], prefixes);
    }

    [Fact]
    public async Task ListObjectsV1_WithMarker_Pages()
    {
        foreach (var key in new[] { "v1/a", "v1/b", "v1/c" })
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = "x" });
        }

        var first = await _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = _bucket, Prefix = "v1/", MaxKeys = 2 });
        var second = await _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = _bucket, Prefix = "v1/", Marker = first.S3Objects[^1].Key });

        Assert.True(first.IsTruncated);
        Assert.Equal(["v1/a", "v1/b"], first.S3Objects.Select(o => o.Key));
        Assert.Equal(["v1/c"], second.S3Objects.Select(o => o.Key));
        Assert.False(second.IsTruncated);
    }

    [Fact]
    public async Task ListObjectVersions_ShowsNullVersionOfEachObject()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "ver/a", ContentBody = "x" });

        var versions = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket, Prefix = "ver/" });

        var version = Assert.Single(versions.Versions);
        Assert.Equal("ver/a", version.Key);
        Assert.Equal("null", version.VersionId);
        Assert.True(version.IsLatest);
    }

    [Fact]
    public async Task PresignedGet_PlainHttp_ReturnsObject_AndTamperedUrlIsForbidden()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "shared/photo.jpg", ContentBody = "jpeg bytes" });
        var url = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = "shared/photo.jpg",
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Protocol = Protocol.HTTP,
        });

        using var http = new HttpClient();
        var body = await http.GetStringAsync(url);
        var tampered = await http.GetAsync(url.Replace("photo.jpg", "photo.jpeg", StringComparison.Ordinal));

        Assert.Equal("jpeg bytes", body);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
    }
}
