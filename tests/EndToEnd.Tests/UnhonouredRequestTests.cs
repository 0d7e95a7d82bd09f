using System.Net;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// What Coffer does not do, asked for the way users ask, through AWSSDK.S3 and the aws CLI: each
/// request is refused (501 NotImplemented, or S3's own 400), and nothing is stored or changed.
/// The raw-request forms of the same cases are rows of the hostile-input table.
/// </summary>
public class UnhonouredRequestTests(CofferServer server) : IClassFixture<CofferServer>, IAsyncLifetime
{
    private const string Original = "precious";

    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly AwsCli _aws = new(server);
    private readonly string _bucket = CofferServer.UniqueBucket("refuse");

    public async Task InitializeAsync()
    {
        await _s3.PutBucketAsync(_bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "kept.txt", ContentBody = Original });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> RefusedPuts => new(RefusedPut.Keys);

    /// <summary>PutObject requests over kept.txt, each asking for one thing Coffer does not do.</summary>
    private static readonly Dictionary<string, Action<PutObjectRequest>> RefusedPut = new()
    {
        ["append"] = r => r.WriteOffsetBytes = Original.Length,
        ["website-redirect"] = r => r.WebsiteRedirectLocation = "/elsewhere.html",
    };

    [Theory]
    [MemberData(nameof(RefusedPuts))]
    public async Task PutObject_AskingForWhatCofferDoesNotDo_IsNotImplementedAndStoresNothing(string feature)
    {
        var request = new PutObjectRequest { BucketName = _bucket, Key = "kept.txt", ContentBody = "replacement" };
        RefusedPut[feature](request);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(request));

        Assert.Equal((HttpStatusCode.NotImplemented, "NotImplemented"), (error.StatusCode, error.ErrorCode));
        Assert.Equal(Original, await ReadAsync("kept.txt"));
    }

    [Fact]
    public async Task PutObject_WithMadeUpEncryptionMethod_IsInvalidArgument()
    {
        var request = new PutObjectRequest { BucketName = _bucket, Key = "kept.txt", ContentBody = "replacement", ServerSideEncryptionMethod = new ServerSideEncryptionMethod("ROT13") };

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(request));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), (error.StatusCode, error.ErrorCode));
        Assert.Equal(Original, await ReadAsync("kept.txt"));
    }

    [Fact]
    public async Task GetObject_OfPlainObjectWithCustomerKey_IsInvalidRequest()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = _bucket,
            Key = "kept.txt",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task RenameObject_OntoAnExistingKey_IsNotImplementedAndWritesNothing()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "source.txt", ContentBody = "source" });

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.RenameObjectAsync(new RenameObjectRequest { BucketName = _bucket, Key = "kept.txt", RenameSource = "source.txt" }));

        Assert.Equal((HttpStatusCode.NotImplemented, "NotImplemented"), (error.StatusCode, error.ErrorCode));
        Assert.Contains("RenameObject", error.Message, StringComparison.Ordinal);
        Assert.Equal(Original, await ReadAsync("kept.txt"));
        Assert.Equal("source", await ReadAsync("source.txt"));
    }

    [Fact]
    public async Task CopyObject_WithTheSourcesChecksumAlgorithm_KeepsIt()
    {
        // kept.txt was stored with the SDK's default CRC32; a copy shares its blobs and keeps that checksum.
        var same = await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket,
            SourceKey = "kept.txt",
            DestinationBucket = _bucket,
            DestinationKey = "same.txt",
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        });

        Assert.False(string.IsNullOrEmpty(same.ChecksumCRC32));
        Assert.Equal(Original, await ReadAsync("same.txt"));
    }

    [Fact]
    public async Task ListDirectoryBuckets_IsNotImplementedNotAListOfBuckets()
    {
        // The .NET SDK sends it as GET / without x-id, signed for "s3express": the signature's service tells it apart.
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.ListDirectoryBucketsAsync(new ListDirectoryBucketsRequest()));

        Assert.Equal((HttpStatusCode.NotImplemented, "NotImplemented"), (error.StatusCode, error.ErrorCode));
        Assert.Contains("directory buckets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_CreateBucketInAnotherRegion_IsIllegalLocationConstraint()
    {
        var bucket = CofferServer.UniqueBucket("abroad");

        var attempt = await _aws.RunAsync("s3api", "create-bucket", "--bucket", bucket, "--create-bucket-configuration", "LocationConstraint=eu-west-1");

        Assert.NotEqual(0, attempt.ExitCode);
        Assert.Contains("IllegalLocationConstraintException", attempt.Error, StringComparison.Ordinal);
        Assert.DoesNotContain((await _s3.ListBucketsAsync()).Buckets ?? [], b => b.BucketName == bucket);
    }

    private Task<string> ReadAsync(string key) => _s3.ReadTextAsync(_bucket, key);
}
