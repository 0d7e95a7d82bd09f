using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// Presigned URLs, SigV4 (made by AWSSDK.S3) and SigV2 (the query form older tools still make),
/// for GET, PUT, DELETE and UploadPart, carried by a plain HttpClient with no AWS code on the
/// wire: they work until they expire, and then answer 403 AccessDenied.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class PresignedUrlTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly HttpClient _http = server.CreateHttpClient();

    public void Dispose()
    {
        server.Clock.Offset = TimeSpan.Zero;
        _s3.Dispose();
        _http.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task SigV4_PutGetDelete_OfAPrivateObject_WorkThroughPlainHttp()
    {
        var bucket = await NewBucketAsync();

        var put = await _http.PutAsync(PresignV4(bucket, "docs/private report.pdf", HttpVerb.PUT), new StringContent("report"));
        var get = await _http.GetAsync(PresignV4(bucket, "docs/private report.pdf", HttpVerb.GET));
        var unsigned = await _http.GetAsync($"/{bucket}/docs/private%20report.pdf");
        var delete = await _http.DeleteAsync(PresignV4(bucket, "docs/private report.pdf", HttpVerb.DELETE));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "report"), (get.StatusCode, await get.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(bucket, "docs/private report.pdf"));
    }

    [Fact]
    public async Task SigV4_UploadPart_ThroughPresignedUrls_CompletesTheObject()
    {
        var bucket = await NewBucketAsync();
        var upload = await _s3.InitiateMultipartUploadAsync(bucket, "big.bin");
        var etags = new List<PartETag>();
        for (var part = 1; part <= 2; part++)
        {
            var url = _s3.GetPreSignedURL(new GetPreSignedUrlRequest
            {
                BucketName = bucket,
                Key = "big.bin",
                Verb = HttpVerb.PUT,
                UploadId = upload.UploadId,
                PartNumber = part,
                Expires = DateTime.UtcNow.AddMinutes(5),
                Protocol = Protocol.HTTP,
            });
            var response = await _http.PutAsync(url, new ByteArrayContent(new byte[part == 1 ? 5 * 1024 * 1024 : 10]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            etags.Add(new PartETag(part, response.Headers.ETag!.Tag));
        }

        await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "big.bin", UploadId = upload.UploadId, PartETags = etags });

        Assert.Equal(5 * 1024 * 1024 + 10, (await _s3.GetObjectMetadataAsync(bucket, "big.bin")).ContentLength);
    }

    [Fact]
    public async Task SigV4_AfterExpiry_IsAccessDenied()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a.txt", ContentBody = "a" });
        var url = PresignV4(bucket, "a.txt", HttpVerb.GET, lifetime: TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(url)).StatusCode);

        server.Clock.Offset = TimeSpan.FromMinutes(6);
        var expired = await _http.GetAsync(url);

        await AssertAccessDeniedAsync(expired, "Request has expired");
    }

    [Fact]
    public async Task SigV4_ByAUserKey_IsDecidedByTheUsersPolicy()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "shared/a.txt", ContentBody = "a" });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "private/b.txt", ContentBody = "b" });
        var user = await new IamUsers(server).CreateAsync($"presigner-{bucket[..12]}", $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/shared/*"}]}
            """);
        using var userClient = server.CreateClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey));

        var allowed = await _http.GetAsync(PresignV4(bucket, "shared/a.txt", HttpVerb.GET, client: userClient));
        var denied = await _http.GetAsync(PresignV4(bucket, "private/b.txt", HttpVerb.GET, client: userClient));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await AssertAccessDeniedAsync(denied, null);
    }

    [Fact]
    public async Task SigV2_PutGetDelete_WorkUntilExpiry()
    {
        var bucket = await NewBucketAsync();
        var expires = DateTimeOffset.UtcNow.AddMinutes(5);

        var put = new HttpRequestMessage(HttpMethod.Put, PresignV2("PUT", bucket, "v2/file.txt", expires, contentType: "text/plain"))
        {
            Content = new StringContent("v2 body", Encoding.UTF8, "text/plain"),
        };
        put.Content.Headers.ContentType = new("text/plain");
        var putResponse = await _http.SendAsync(put);
        var get = await _http.GetAsync(PresignV2("GET", bucket, "v2/file.txt", expires));
        server.Clock.Offset = TimeSpan.FromMinutes(6);
        var expired = await _http.GetAsync(PresignV2("GET", bucket, "v2/file.txt", expires));
        server.Clock.Offset = TimeSpan.Zero;
        var delete = await _http.DeleteAsync(PresignV2("DELETE", bucket, "v2/file.txt", expires));

        Assert.Equal(HttpStatusCode.OK, putResponse.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "v2 body"), (get.StatusCode, await get.Content.ReadAsStringAsync()));
        await AssertAccessDeniedAsync(expired, "Request has expired");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task SigV2_WithAWrongSignature_IsSignatureDoesNotMatchAndStoresNothing()
    {
        var bucket = await NewBucketAsync();
        var url = PresignV2("PUT", bucket, "forged.txt", DateTimeOffset.UtcNow.AddMinutes(5)).Replace("Signature=", "Signature=AAAA", StringComparison.Ordinal);

        var response = await _http.PutAsync(url, new StringContent("forged"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Code")!.Value);
        await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(bucket, "forged.txt"));
    }

    // Each changes one signed part of a presigned GET of "a.txt" so that it names something else that exists or is
    // valid on its own: another object, another bucket, another time, lifetime, key id or signed-header list, one
    // more query parameter, another method, another signature.
    public static TheoryData<string> TamperedParts => new()
    {
        "key", "bucket", "date", "expires", "access key", "credential date", "signed headers", "extra parameter", "method", "signature",
    };

    [Theory]
    [MemberData(nameof(TamperedParts))]
    public async Task SigV4_AnySignedPartTampered_IsForbiddenWhileTheUrlAsSignedWorks(string part)
    {
        var bucket = await NewBucketAsync();
        var other = await NewBucketAsync();
        foreach (var (name, key) in new[] { (bucket, "a.txt"), (bucket, "b.txt"), (other, "a.txt") })
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = name, Key = key, ContentBody = $"content of {name}/{key}" });
        }

        var url = PresignV4(bucket, "a.txt", HttpVerb.GET);
        var tampered = Tamper(url, part, bucket, other);
        var method = part == "method" ? HttpMethod.Delete : HttpMethod.Get;

        var original = await _http.GetAsync(url);
        var attempt = await _http.SendAsync(new HttpRequestMessage(method, tampered));

        Assert.Equal((HttpStatusCode.OK, $"content of {bucket}/a.txt"), (original.StatusCode, await original.Content.ReadAsStringAsync()));
        Assert.True(part == "method" || url != tampered, "the tampering changed nothing");
        // A credential scope dated otherwise than X-Amz-Date is malformed before it is wrong: S3 answers that with
        // 400 AuthorizationQueryParametersError. Everything else is a signature that does not match: 403.
        Assert.Equal(part == "credential date" ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden, attempt.StatusCode);
        Assert.DoesNotContain("content of", await attempt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _s3.GetObjectMetadataAsync(bucket, "a.txt")).HttpStatusCode);
    }

    private static string Tamper(string url, string part, string bucket, string other)
    {
        string ReplaceParameter(string name, Func<string, string> change)
        {
            var start = url.IndexOf(name + "=", StringComparison.Ordinal) + name.Length + 1;
            var end = url.IndexOf('&', start) is var amp and >= 0 ? amp : url.Length;
            return string.Concat(url.AsSpan(0, start), change(url[start..end]), url.AsSpan(end));
        }

        return part switch
        {
            "key" => url.Replace("/a.txt?", "/b.txt?", StringComparison.Ordinal),
            "bucket" => url.Replace($"/{bucket}/", $"/{other}/", StringComparison.Ordinal),
            "date" => ReplaceParameter("X-Amz-Date", date => date[..^3] + (date[^3] == '0' ? '1' : '0') + date[^2..]),
            "expires" => ReplaceParameter("X-Amz-Expires", expires => (int.Parse(expires, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture)),
            "access key" => ReplaceParameter("X-Amz-Credential", credential => "AKIAOTHERKEY" + credential[credential.IndexOf("%2F", StringComparison.Ordinal)..]),
            "credential date" => ReplaceParameter("X-Amz-Credential", credential => Regex.Replace(credential, "%2F(\\d{8})%2F", match => "%2F" + (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture) + "%2F")),
            "signed headers" => ReplaceParameter("X-Amz-SignedHeaders", _ => "host%3Buser-agent"),
            "extra parameter" => url + "&response-content-type=text%2Fhtml",
            "method" => url,
            "signature" => ReplaceParameter("X-Amz-Signature", signature => (signature[0] == '0' ? '1' : '0') + signature[1..]),
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, null),
        };
    }

    private string PresignV4(string bucket, string key, HttpVerb verb, TimeSpan? lifetime = null, AmazonS3Client? client = null) =>
        (client ?? _s3).GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = verb,
            Expires = DateTime.UtcNow + (lifetime ?? TimeSpan.FromMinutes(5)),
            Protocol = Protocol.HTTP,
        });

    /// <summary>
    /// S3's SigV2 query authentication, computed here from its definition: base64 HMAC-SHA1 of
    /// "VERB\n\nContent-Type\nExpires\n/bucket/key" under the secret key.
    /// </summary>
    private string PresignV2(string verb, string bucket, string key, DateTimeOffset expires, string contentType = "")
    {
        var seconds = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var encodedKey = string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        var stringToSign = $"{verb}\n\n{contentType}\n{seconds}\n/{bucket}/{encodedKey}";
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(server.SecretKey), Encoding.UTF8.GetBytes(stringToSign)));
        return $"/{bucket}/{encodedKey}?AWSAccessKeyId={Uri.EscapeDataString(server.AccessKey)}&Expires={seconds}&Signature={Uri.EscapeDataString(signature)}";
    }

    private async Task<string> NewBucketAsync()
    {
        var bucket = CofferServer.UniqueBucket("presign");
        await _s3.PutBucketAsync(bucket);
        return bucket;
    }

    private static async Task AssertAccessDeniedAsync(HttpResponseMessage response, string? message)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("AccessDenied", error.Element("Code")!.Value);
        if (message is not null)
        {
            Assert.Equal(message, error.Element("Message")!.Value);
        }
    }
}
