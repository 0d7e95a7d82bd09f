using System.Net;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class BucketTests(CofferServer server) : IClassFixture<CofferServer>
{
    private readonly AmazonS3Client _s3 = server.CreateClient();

    [Fact]
    public async Task CreateBucket_ThenListBuckets_ShowsIt()
    {
        var bucket = CofferServer.UniqueBucket("list");

        await _s3.PutBucketAsync(bucket);
        var list = await _s3.ListBucketsAsync();

        Assert.Contains(list.Buckets, b => b.BucketName == bucket);
    }

    [Fact]
    public async Task CreateBucket_TwiceInUsEast1_SucceedsAndKeepsContents()
    {
        var bucket = CofferServer.UniqueBucket("twice");
        await _s3.PutBucketAsync(bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "kept", ContentBody = "x" });

        var again = await _s3.PutBucketAsync(bucket);
        var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.Equal(HttpStatusCode.OK, again.HttpStatusCode);
        Assert.Equal(["kept"], listing.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task CreateBucket_WithAnotherRegionAsLocationConstraint_IsIllegalLocationConstraintAndCreatesNothing()
    {
        // The endpoint serves us-east-1 only; S3 refuses a bucket for another region at a regional endpoint.
        var bucket = CofferServer.UniqueBucket("abroad");

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegion = S3Region.EUCentral1 }));

        Assert.Equal((HttpStatusCode.BadRequest, "IllegalLocationConstraintException"), (error.StatusCode, error.ErrorCode));
        Assert.DoesNotContain((await _s3.ListBucketsAsync()).Buckets ?? [], b => b.BucketName == bucket);
    }

    [Fact]
    public async Task ListBuckets_Paginated_VisitsEachBucketOnce()
    {
        var prefix = "pg" + Guid.NewGuid().ToString("N")[..8];
        var names = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToList();
        foreach (var name in names)
        {
            await _s3.PutBucketAsync(name);
        }

        var seen = new List<string>();
        var request = new ListBucketsRequest { Prefix = prefix, MaxBuckets = 2 };
        ListBucketsResponse page;
        do
        {
            page = await _s3.ListBucketsAsync(request);
            Assert.True(page.Buckets.Count <= 2);
            seen.AddRange(page.Buckets.Select(b => b.BucketName));
            request.ContinuationToken = page.ContinuationToken;
        }
        while (page.ContinuationToken is not null);

        Assert.Equal(names, seen);
    }

    [Theory]
    [InlineData("ab", "3 to 63 characters")]
    [InlineData("Has-Upper", "only lowercase letters, digits, dots (.) and hyphens (-), not 'H'")]
    [InlineData("under_score", "not '_'")]
    [InlineData("192.168.1.1", "IP address")]
    [InlineData("double..dot", "two adjacent dots")]
    [InlineData("-leading-dash", "begin and end with a letter or a digit")]
    [InlineData("xn--punycode", "must not begin with xn--")]
    public async Task CreateBucket_BadName_IsInvalidBucketNameNamingTheRule(string name, string rule)
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutBucketAsync(name));

        Assert.Equal("InvalidBucketName", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.StartsWith("The specified bucket is not valid. Bucket names ", error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateBucket_WithThisRegionAsLocationConstraint_IsCreatedHere()
    {
        var bucket = CofferServer.UniqueBucket("loc");

        await new AwsCli(server).RunCheckedAsync(
            "s3api", "create-bucket", "--bucket", bucket, "--create-bucket-configuration", $"LocationConstraint={CofferServer.Region}");
        var location = await _s3.GetBucketLocationAsync(bucket);

        Assert.True(string.IsNullOrEmpty(location.Location?.Value) || location.Location.Value == CofferServer.Region);
    }

    [Fact]
    public async Task GetBucketLocation_DefaultRegion_IsEmptyAsS3ReportsUsEast1()
    {
        var bucket = CofferServer.UniqueBucket("east");
        await _s3.PutBucketAsync(bucket);

        var location = await _s3.GetBucketLocationAsync(bucket);

        Assert.True(string.IsNullOrEmpty(location.Location?.Value) || location.Location.Value == "us-east-1");
    }

    [Fact]
    public async Task DeleteBucket_NotEmpty_IsBucketNotEmpty_ThenEmptied_Succeeds()
    {
        var bucket = CofferServer.UniqueBucket("del");
        await _s3.PutBucketAsync(bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.DeleteBucketAsync(bucket));
        Assert.Equal("BucketNotEmpty", error.ErrorCode);

        await _s3.DeleteObjectAsync(bucket, "k");
        await _s3.DeleteBucketAsync(bucket);
        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetBucketLocationAsync(bucket));
        Assert.Equal("NoSuchBucket", missing.ErrorCode);
    }

    [Fact]
    public async Task HeadBucket_Missing_Is404()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.HeadBucketAsync(new HeadBucketRequest { BucketName = CofferServer.UniqueBucket("nope") }));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task HeadBucket_Existing_ReportsRegion()
    {
        var bucket = CofferServer.UniqueBucket("head");
        await _s3.PutBucketAsync(bucket);

        var head = await _s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket });

        Assert.Equal(HttpStatusCode.OK, head.HttpStatusCode);
        Assert.Equal("us-east-1", head.BucketRegion);
    }

    [Fact]
    public async Task WrongSecret_IsSignatureDoesNotMatch()
    {
        using var wrong = server.CreateClient(secretKey: "not-the-secret-at-all-0000000000000000000");

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => wrong.ListBucketsAsync());

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }
}
