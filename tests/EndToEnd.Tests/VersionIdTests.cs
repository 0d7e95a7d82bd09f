using System.Net;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// A request that names a version acts on that version or on none: never on the current object in
/// its place. In a bucket that never had versioning every object's version is "null", so any other
/// id names nothing: reads answer NoSuchVersion, deletes delete nothing, and an id Coffer could never
/// have issued is 400 InvalidArgument. (VersioningTests covers versioned buckets.)
/// </summary>
public class VersionIdTests(CofferServer server) : IClassFixture<CofferServer>, IAsyncLifetime
{
    /// <summary>Well-formed (32 URL-safe characters, like S3's), and never issued.</summary>
    private const string UnknownVersion = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrH";

    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly AwsCli _aws = new(server);
    private readonly string _bucket = CofferServer.UniqueBucket("ver");

    public async Task InitializeAsync()
    {
        await _s3.PutBucketAsync(_bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "kept.txt", ContentBody = "precious" });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DeleteObject_WithUnknownVersionId_DeletesNothing()
    {
        var response = await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = "kept.txt", VersionId = UnknownVersion });

        Assert.Equal(HttpStatusCode.NoContent, response.HttpStatusCode);
        Assert.Equal(UnknownVersion, response.VersionId);
        Assert.Equal("precious", await ReadAsync("kept.txt"));
    }

    [Fact]
    public async Task DeleteObject_WithMalformedVersionId_IsInvalidArgumentAndDeletesNothing()
    {
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = "kept.txt", VersionId = "not-a-version" }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("InvalidArgument", error.ErrorCode);
        Assert.Equal("precious", await ReadAsync("kept.txt"));
    }

    [Fact]
    public async Task DeleteObject_ThroughTheAwsCliWithUnknownVersionId_DeletesNothing()
    {
        await _aws.RunCheckedAsync("s3api", "delete-object", "--bucket", _bucket, "--key", "kept.txt", "--version-id", UnknownVersion);
        var malformed = await _aws.RunAsync("s3api", "delete-object", "--bucket", _bucket, "--key", "kept.txt", "--version-id", "v1");

        Assert.NotEqual(0, malformed.ExitCode);
        Assert.Contains("InvalidArgument", malformed.Error, StringComparison.Ordinal);
        Assert.Equal("precious", await ReadAsync("kept.txt"));
    }

    [Fact]
    public async Task DeleteObject_WithTheNullVersionId_DeletesTheObject()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "doomed.txt", ContentBody = "x" });

        var response = await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = "doomed.txt", VersionId = "null" });

        Assert.Equal("null", response.VersionId);
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => ReadAsync("doomed.txt"));
        Assert.Equal("NoSuchKey", gone.ErrorCode);
    }

    [Fact]
    public async Task DeleteObjects_WithUnknownAndMalformedVersionIds_DeletesNothing()
    {
        // The SDK raises when any key failed, and carries the whole result.
        var failed = await Assert.ThrowsAsync<DeleteObjectsException>(() => _s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = _bucket,
            Objects = [new KeyVersion { Key = "kept.txt", VersionId = UnknownVersion }, new KeyVersion { Key = "kept.txt", VersionId = "abc" }],
        }));
        var response = failed.Response;

        Assert.Equal(UnknownVersion, Assert.Single(response.DeletedObjects).VersionId);
        var error = Assert.Single(response.DeleteErrors);
        Assert.Equal(("abc", "NoSuchVersion"), (error.VersionId, error.Code));
        Assert.Equal("precious", await ReadAsync("kept.txt"));
    }

    [Fact]
    public async Task GetAndHeadObject_WithUnknownVersionId_AreNoSuchVersion()
    {
        var get = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "kept.txt", VersionId = UnknownVersion }));
        var head = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "kept.txt", VersionId = UnknownVersion }));
        var attributes = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectAttributesAsync(new GetObjectAttributesRequest
        {
            BucketName = _bucket,
            Key = "kept.txt",
            VersionId = UnknownVersion,
            ObjectAttributes = [ObjectAttributes.ETag],
        }));

        Assert.Equal((HttpStatusCode.NotFound, "NoSuchVersion"), (get.StatusCode, get.ErrorCode));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchVersion"), (attributes.StatusCode, attributes.ErrorCode));
    }

    [Fact]
    public async Task GetObject_WithMalformedVersionId_IsInvalidArgument()
    {
        var get = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "kept.txt", VersionId = "v1" }));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), (get.StatusCode, get.ErrorCode));
    }

    [Fact]
    public async Task GetObject_WithTheNullVersionId_ReadsTheObject()
    {
        using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "kept.txt", VersionId = "null" });
        using var reader = new StreamReader(response.ResponseStream);

        Assert.Equal("precious", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task CopyObject_FromUnknownSourceVersion_IsNoSuchVersionAndWritesNothing()
    {
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket,
            SourceKey = "kept.txt",
            SourceVersionId = UnknownVersion,
            DestinationBucket = _bucket,
            DestinationKey = "copy.txt",
        }));

        Assert.Equal("NoSuchVersion", error.ErrorCode);
        var absent = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => ReadAsync("copy.txt"));
        Assert.Equal("NoSuchKey", absent.ErrorCode);
    }

    private Task<string> ReadAsync(string key) => _s3.ReadTextAsync(_bucket, key);
}
