using System.Net;
using System.Xml.Linq;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>Edge cases seen on the wire, with a plain HttpClient.</summary>
public class RawHttpTests(CofferServer server) : IClassFixture<CofferServer>
{
    [Fact]
    public async Task AnonymousRequest_IsAccessDeniedXmlWithRequestIds()
    {
        using var http = server.CreateHttpClient();
        var bucket = await PrivateBucketAsync();

        var response = await http.GetAsync($"/{bucket}/some/key");
        var error = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Error", error.Name.LocalName);
        Assert.Equal("AccessDenied", error.Element("Code")?.Value);
        Assert.False(string.IsNullOrEmpty(error.Element("Message")?.Value));
        Assert.Equal($"/{bucket}/some/key", error.Element("Resource")?.Value);
        var requestId = Assert.Single(response.Headers.GetValues("x-amz-request-id"));
        Assert.Equal(requestId, error.Element("RequestId")?.Value);
        Assert.NotEmpty(Assert.Single(response.Headers.GetValues("x-amz-id-2")));
    }

    [Fact]
    public async Task AnonymousHead_IsForbiddenWithoutBody()
    {
        using var http = server.CreateHttpClient();
        var bucket = await PrivateBucketAsync();

        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/{bucket}/key"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PutObject_WrongContentMd5_IsBadDigestAndStoresNothing()
    {
        using var s3 = server.CreateClient();
        var bucket = CofferServer.UniqueBucket("md5");
        await s3.PutBucketAsync(bucket);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "k",
            ContentBody = "the real body",
            MD5Digest = Convert.ToBase64String(System.Security.Cryptography.MD5.HashData("another body"u8)),
        }));
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.Equal("BadDigest", error.ErrorCode);
        Assert.Empty(listing.S3Objects ?? []);
    }

    [Fact]
    public async Task ErrorBeforeBody_WithExpectContinue_ClosesConnection()
    {
        using var http = server.CreateHttpClient();
        var bucket = await PrivateBucketAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/{bucket}/key") { Content = new ByteArrayContent(new byte[1000]) };
        request.Headers.ExpectContinue = true;

        using var response = await http.SendAsync(request);

        // Anonymous, so refused before the body is read: the client still holds the body back,
        // and only a closed connection keeps its next request from being read as this body.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose);
    }

    [Fact]
    public async Task UnimplementedOperation_IsNotImplemented()
    {
        using var s3 = server.CreateClient();
        var bucket = CofferServer.UniqueBucket("ni");
        await s3.PutBucketAsync(bucket);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetBucketWebsiteAsync(new GetBucketWebsiteRequest { BucketName = bucket }));

        Assert.Equal("NotImplemented", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotImplemented, error.StatusCode);
    }

    /// <summary>A bucket that exists and opens nothing to anonymous callers (one that does not exist is answered NoSuchBucket).</summary>
    private async Task<string> PrivateBucketAsync()
    {
        using var s3 = server.CreateClient();
        var bucket = CofferServer.UniqueBucket("raw");
        await s3.PutBucketAsync(bucket);
        return bucket;
    }
}
