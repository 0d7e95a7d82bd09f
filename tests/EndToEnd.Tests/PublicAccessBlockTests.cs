using System.Net;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>The public access block through AWSSDK.S3, and the two switches Coffer honours today.</summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class PublicAccessBlockTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly HttpClient _anonymous = server.CreateHttpClient();

    public void Dispose()
    {
        _s3.Dispose();
        _anonymous.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task PutGetDeletePublicAccessBlock_RoundTripsThenIsNoSuchPublicAccessBlockConfiguration()
    {
        var bucket = await NewBucketAsync();
        var wanted = new PublicAccessBlockConfiguration { BlockPublicAcls = true, IgnorePublicAcls = true, BlockPublicPolicy = true, RestrictPublicBuckets = false };

        await _s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest { BucketName = bucket, PublicAccessBlockConfiguration = wanted });
        var stored = (await _s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket })).PublicAccessBlockConfiguration;
        await _s3.DeletePublicAccessBlockAsync(new DeletePublicAccessBlockRequest { BucketName = bucket });
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket }));

        Assert.Equal((true, true, true, false), (stored.BlockPublicAcls, stored.IgnorePublicAcls, stored.BlockPublicPolicy, stored.RestrictPublicBuckets));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("NoSuchPublicAccessBlockConfiguration", error.ErrorCode);
    }

    [Fact]
    public async Task BlockPublicPolicy_PublicPolicyIsAccessDeniedAndARestrictedOneIsAccepted()
    {
        var bucket = await NewBucketAsync();
        await BlockAsync(bucket, blockPublicPolicy: true, restrictPublicBuckets: false);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => PutPolicyAsync(bucket, condition: ""));
        await PutPolicyAsync(bucket, condition: ""","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""");

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.False((await _s3.GetBucketPolicyStatusAsync(new GetBucketPolicyStatusRequest { BucketName = bucket })).PolicyStatus.IsPublic);
    }

    [Fact]
    public async Task RestrictPublicBuckets_PublicPolicyNoLongerOpensObjectsToUnsignedRequests()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "foo", ContentBody = "bar" });
        await PutPolicyAsync(bucket, condition: "");
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync($"/{bucket}/foo")).StatusCode);

        await BlockAsync(bucket, blockPublicPolicy: false, restrictPublicBuckets: true);

        Assert.Equal(HttpStatusCode.Forbidden, (await _anonymous.GetAsync($"/{bucket}/foo")).StatusCode);
        using var owned = await _s3.GetObjectAsync(bucket, "foo");
        using var reader = new StreamReader(owned.ResponseStream);
        Assert.Equal("bar", await reader.ReadToEndAsync());
    }

    private Task<PutPublicAccessBlockResponse> BlockAsync(string bucket, bool blockPublicPolicy, bool restrictPublicBuckets) =>
        _s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = bucket,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
            {
                BlockPublicAcls = false,
                IgnorePublicAcls = false,
                BlockPublicPolicy = blockPublicPolicy,
                RestrictPublicBuckets = restrictPublicBuckets,
            },
        });

    /// <summary>Everyone may GET every object, unless <paramref name="condition"/> (a JSON fragment) narrows it.</summary>
    private Task<PutBucketPolicyResponse> PutPolicyAsync(string bucket, string condition) =>
        _s3.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = bucket,
            Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\"," +
                $"\"Resource\":\"arn:aws:s3:::{bucket}/*\"{condition}}}]}}",
        });

    private async Task<string> NewBucketAsync()
    {
        var bucket = CofferServer.UniqueBucket("pab");
        await _s3.PutBucketAsync(bucket);
        return bucket;
    }
}
