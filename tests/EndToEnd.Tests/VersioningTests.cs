using System.Net;
using System.Text.Json;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// Versioning as S3 does it, through the AWS SDK for .NET and the aws CLI against the real server: every write on an
/// enabled bucket is a new version with its own id, a delete without an id hides the key behind a delete marker, a
/// delete with one removes that version for good, and a suspended bucket writes the null version only.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class VersioningTests(CofferServer server) : IClassFixture<CofferServer>
{
    private readonly AmazonS3Client _s3 = server.CreateClient();

    [Fact]
    public async Task GetBucketVersioning_ThroughEachState_ReportsNoneThenEnabledThenSuspended()
    {
        var bucket = CofferServer.UniqueBucket("vstate");
        await _s3.PutBucketAsync(bucket);

        var fresh = await _s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket });
        await EnableAsync(bucket);
        var enabled = await _s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket });
        await SetStatusAsync(bucket, VersionStatus.Suspended);
        var suspended = await _s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket });

        Assert.Equal(VersionStatus.Off, fresh.VersioningConfig.Status);
        Assert.Equal(VersionStatus.Enabled, enabled.VersioningConfig.Status);
        Assert.Equal(VersionStatus.Suspended, suspended.VersioningConfig.Status);
    }

    [Fact]
    public async Task PutBucketVersioning_WithMfaDeleteEnabled_IsNotImplementedAndChangesNothing()
    {
        var bucket = CofferServer.UniqueBucket("vmfa");
        await _s3.PutBucketAsync(bucket);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled, EnableMfaDelete = true },
            MfaCodes = new MfaCodes { SerialNumber = "arn:aws:iam::000000000000:mfa/root", AuthenticationValue = "123456" },
        }));

        Assert.Equal(HttpStatusCode.NotImplemented, error.StatusCode);
        Assert.Equal(VersionStatus.Off, (await _s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket })).VersioningConfig.Status);
    }

    [Fact]
    public async Task PutObject_InAnEnabledBucket_GivesEachWriteItsOwnVersionAndKeepsTheOlderOnes()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vers");

        var first = await PutAsync(bucket, "doc.txt", "first");
        var second = await PutAsync(bucket, "doc.txt", "second");

        Assert.NotEqual(first, second);
        Assert.Matches("^[A-Za-z0-9._-]{32}$", first);
        Assert.Equal("second", await ReadAsync(bucket, "doc.txt"));
        Assert.Equal("first", await ReadAsync(bucket, "doc.txt", first));
        using var current = await _s3.GetObjectAsync(bucket, "doc.txt");
        Assert.Equal(second, current.VersionId);
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "doc.txt", VersionId = first });
        Assert.Equal(first, head.VersionId);
        Assert.Equal(5, head.ContentLength);
    }

    [Fact]
    public async Task DeleteObject_WithoutAVersionId_HidesTheKeyBehindADeleteMarker()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vers");
        var kept = await PutAsync(bucket, "photo.jpg", "pixels");

        var deleted = await _s3.DeleteObjectAsync(bucket, "photo.jpg");

        Assert.Equal("true", deleted.DeleteMarker);
        Assert.NotEqual(kept, deleted.VersionId);
        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "photo.jpg"));
        Assert.Equal("NoSuchKey", missing.ErrorCode);
        using var raw = await RawGetAsync(bucket, "photo.jpg");
        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
        Assert.Equal("true", Header(raw, "x-amz-delete-marker"));
        Assert.Equal(deleted.VersionId, Header(raw, "x-amz-version-id"));
        Assert.Equal("pixels", await ReadAsync(bucket, "photo.jpg", kept));
        Assert.Empty((await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
    }

    [Fact]
    public async Task GetObject_OfADeleteMarkerByItsVersionId_IsMethodNotAllowed()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vers");
        await PutAsync(bucket, "k", "v");
        var marker = (await _s3.DeleteObjectAsync(bucket, "k")).VersionId;

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k", VersionId = marker }));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, error.StatusCode);
        Assert.Equal("MethodNotAllowed", error.ErrorCode);
        using var raw = await RawGetAsync(bucket, "k", marker);
        Assert.Equal("true", Header(raw, "x-amz-delete-marker"));
        Assert.Equal(marker, Header(raw, "x-amz-version-id"));
    }

    [Fact]
    public async Task DeleteObject_OfTheDeleteMarkerByVersionId_BringsThePreviousVersionBack()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vers");
        await PutAsync(bucket, "k", "restored");
        var marker = (await _s3.DeleteObjectAsync(bucket, "k")).VersionId;

        var removed = await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "k", VersionId = marker });

        Assert.Equal("true", removed.DeleteMarker);
        Assert.Equal(marker, removed.VersionId);
        Assert.Equal("restored", await ReadAsync(bucket, "k"));
    }

    [Fact]
    public async Task DeleteObject_WithAVersionId_RemovesThatVersionForGoodAndTheNewestLeftBecomesCurrent()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vers");
        var first = await PutAsync(bucket, "k", "first");
        var second = await PutAsync(bucket, "k", "second");

        var removed = await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "k", VersionId = second });

        Assert.Equal(second, removed.VersionId);
        Assert.Null(removed.DeleteMarker);
        Assert.Equal("first", await ReadAsync(bucket, "k"));
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => ReadAsync(bucket, "k", second));
        Assert.Equal("NoSuchVersion", gone.ErrorCode);
        Assert.Equal("first", await ReadAsync(bucket, "k", first));
    }

    [Fact]
    public async Task PutObject_InASuspendedBucket_ReplacesOnlyTheNullVersion()
    {
        var bucket = CofferServer.UniqueBucket("vsusp");
        await _s3.PutBucketAsync(bucket);
        await PutAsync(bucket, "k", "before versioning");
        await EnableAsync(bucket);
        var versioned = await PutAsync(bucket, "k", "versioned");
        await SetStatusAsync(bucket, VersionStatus.Suspended);

        await PutAsync(bucket, "k", "suspended one");
        await PutAsync(bucket, "k", "suspended two");

        Assert.Equal("suspended two", await ReadAsync(bucket, "k"));
        Assert.Equal("suspended two", await ReadAsync(bucket, "k", "null"));
        Assert.Equal("versioned", await ReadAsync(bucket, "k", versioned));
        var deleted = await _s3.DeleteObjectAsync(bucket, "k");
        Assert.Equal("true", deleted.DeleteMarker);
        Assert.Equal("null", deleted.VersionId);
        Assert.Equal("versioned", await ReadAsync(bucket, "k", versioned));
    }

    [Fact]
    public async Task DeleteObjects_WithAndWithoutVersionIds_ReportsTheMarkersAndTheVersions()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vers");
        var old = await PutAsync(bucket, "a", "old");
        await PutAsync(bucket, "a", "new");
        await PutAsync(bucket, "b", "b");

        var response = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [new KeyVersion { Key = "a", VersionId = old }, new KeyVersion { Key = "b" }],
        });

        var byKey = response.DeletedObjects.ToDictionary(deleted => deleted.Key);
        Assert.Equal(old, byKey["a"].VersionId);
        Assert.NotEqual(true, byKey["a"].DeleteMarker);
        Assert.True(byKey["b"].DeleteMarker);
        Assert.False(string.IsNullOrEmpty(byKey["b"].DeleteMarkerVersionId));
        Assert.Equal("new", await ReadAsync(bucket, "a"));
        Assert.Equal("NoSuchVersion", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => ReadAsync(bucket, "a", old))).ErrorCode);
        Assert.Equal("NoSuchKey", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => ReadAsync(bucket, "b"))).ErrorCode);
    }

    [Fact]
    public async Task CopyObject_FromAnOlderVersion_CopiesThatVersionAndNamesBothIds()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vers");
        var old = await PutAsync(bucket, "src", "old content");
        await PutAsync(bucket, "src", "new content");

        var copy = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "src",
            SourceVersionId = old,
            DestinationBucket = bucket,
            DestinationKey = "dst",
        });

        Assert.Equal(old, copy.SourceVersionId);
        Assert.False(string.IsNullOrEmpty(copy.VersionId));
        Assert.Equal("old content", await ReadAsync(bucket, "dst", copy.VersionId));
    }

    [Fact]
    public async Task UploadPartCopy_FromAVersionedSource_CopiesTheNamedOrCurrentVersionAndNamesIt()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vers");
        var old = await PutAsync(bucket, "src", "old content");
        var current = await PutAsync(bucket, "src", "new content");
        var upload = await _s3.InitiateMultipartUploadAsync(bucket, "assembled");
        CopyPartRequest Part(int number, string? sourceVersion) => new()
        {
            SourceBucket = bucket,
            SourceKey = "src",
            SourceVersionId = sourceVersion,
            DestinationBucket = bucket,
            DestinationKey = "assembled",
            UploadId = upload.UploadId,
            PartNumber = number,
        };

        var fromOld = await _s3.CopyPartAsync(Part(1, old));
        var fromCurrent = await _s3.CopyPartAsync(Part(2, sourceVersion: null));

        Assert.Equal(old, fromOld.CopySourceVersionId);
        Assert.Equal(current, fromCurrent.CopySourceVersionId);
        Assert.Equal(Md5ETag("old content"), fromOld.ETag);
        Assert.Equal(Md5ETag("new content"), fromCurrent.ETag);
    }

    [Fact]
    public async Task CompleteMultipartUpload_InAnEnabledBucket_NamesTheNewVersionAndKeepsTheOlder()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vers");
        var older = await PutAsync(bucket, "big", "small before");
        var upload = await _s3.InitiateMultipartUploadAsync(bucket, "big");
        var part = await _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = "big",
            UploadId = upload.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream("one part"u8.ToArray()),
        });

        var completed = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "big",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, part.ETag)],
        });

        Assert.False(string.IsNullOrEmpty(completed.VersionId));
        Assert.NotEqual(older, completed.VersionId);
        Assert.Equal("one part", await ReadAsync(bucket, "big"));
        Assert.Equal("small before", await ReadAsync(bucket, "big", older));
    }

    [Fact]
    public async Task PutObject_IfNoneMatchStarOverADeleteMarker_CreatesTheKey()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vers");
        await PutAsync(bucket, "k", "v1");
        await _s3.DeleteObjectAsync(bucket, "k");

        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "v2", IfNoneMatch = "*" });

        Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "v3", IfNoneMatch = "*" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("v2", await ReadAsync(bucket, "k"));
    }

    [Fact]
    public async Task DeleteBucket_WithOnlyOlderVersionsAndMarkers_IsBucketNotEmpty()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vers");
        var version = await PutAsync(bucket, "k", "v");
        var marker = (await _s3.DeleteObjectAsync(bucket, "k")).VersionId;

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.DeleteBucketAsync(bucket));

        Assert.Equal("BucketNotEmpty", error.ErrorCode);
        await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "k", VersionId = version });
        await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "k", VersionId = marker });
        await _s3.DeleteBucketAsync(bucket);
    }

    [Fact]
    public async Task AwsCli_VersionedBucket_PutsReadsAndDeletesByVersionId()
    {
        var aws = new AwsCli(server);
        var bucket = CofferServer.UniqueBucket("vcli");
        await aws.RunCheckedAsync("s3api", "create-bucket", "--bucket", bucket);
        await aws.RunCheckedAsync("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled");
        var body = Path.GetTempFileName();
        var output = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(body, "one");
            var first = VersionIdOf(await aws.RunCheckedAsync("s3api", "put-object", "--bucket", bucket, "--key", "k", "--body", body));
            await File.WriteAllTextAsync(body, "two");
            var second = VersionIdOf(await aws.RunCheckedAsync("s3api", "put-object", "--bucket", bucket, "--key", "k", "--body", body));

            await aws.RunCheckedAsync("s3api", "get-object", "--bucket", bucket, "--key", "k", "--version-id", first, output);
            Assert.Equal("one", await File.ReadAllTextAsync(output));
            await aws.RunCheckedAsync("s3api", "delete-object", "--bucket", bucket, "--key", "k", "--version-id", second);
            await aws.RunCheckedAsync("s3api", "get-object", "--bucket", bucket, "--key", "k", output);
            Assert.Equal("one", await File.ReadAllTextAsync(output));
            var status = await aws.RunCheckedAsync("s3api", "get-bucket-versioning", "--bucket", bucket);
            Assert.Contains("\"Enabled\"", status, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(body);
            File.Delete(output);
        }
    }

    private static string Md5ETag(string content) =>
        '"' + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(content))) + '"';

    private static string VersionIdOf(string json) => JsonDocument.Parse(json).RootElement.GetProperty("VersionId").GetString()!;

    private Task EnableAsync(string bucket) => SetStatusAsync(bucket, VersionStatus.Enabled);

    private async Task SetStatusAsync(string bucket, VersionStatus status) => await _s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
    {
        BucketName = bucket,
        VersioningConfig = new S3BucketVersioningConfig { Status = status },
    });

    private async Task<string> PutAsync(string bucket, string key, string content) =>
        (await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = content })).VersionId;

    private async Task<string> ReadAsync(string bucket, string key, string? versionId = null)
    {
        using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId });
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    private async Task<HttpResponseMessage> RawGetAsync(string bucket, string key, string? versionId = null)
    {
        var url = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            VersionId = versionId,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
        });
        using var http = new HttpClient();
        return await http.GetAsync(new Uri(url));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
