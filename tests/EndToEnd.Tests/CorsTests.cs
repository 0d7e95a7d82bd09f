using System.Net;
using System.Xml.Linq;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// Bucket CORS: the configuration through the AWS SDK, and what a browser sees, with a plain
/// HttpClient standing in for it (it sends Origin and preflights as a browser would).
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class CorsTests(CofferServer server) : IClassFixture<CofferServer>, IAsyncLifetime
{
    private const string Site = "https://app.example";

    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly HttpClient _http = server.CreateHttpClient();
    private readonly string _bucket = CofferServer.UniqueBucket("cors");

    public async Task InitializeAsync()
    {
        await _s3.PutBucketAsync(_bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "page.json", ContentBody = "{}" });
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        _s3.Dispose();
        return Task.CompletedTask;
    }

    private static CORSConfiguration SiteConfiguration => new()
    {
        Rules =
        [
            new CORSRule
            {
                Id = "site",
                AllowedOrigins = [Site, "https://*.app.example"],
                AllowedMethods = ["GET", "PUT", "HEAD"],
                AllowedHeaders = ["Content-Type", "x-amz-*"],
                ExposeHeaders = ["ETag", "x-amz-request-id"],
                MaxAgeSeconds = 600,
            },
            new CORSRule { AllowedOrigins = ["*"], AllowedMethods = ["GET"] },
        ],
    };

    private Task<PutCORSConfigurationResponse> PutSiteConfigurationAsync() =>
        _s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest { BucketName = _bucket, Configuration = SiteConfiguration });

    private async Task<HttpResponseMessage> PreflightAsync(string path, string? origin, string? method, string? requestHeaders = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (method is not null)
        {
            request.Headers.Add("Access-Control-Request-Method", method);
        }

        if (requestHeaders is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", requestHeaders);
        }

        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> GetWithOriginAsync(Uri url, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await _http.SendAsync(request);
    }

    private async Task<Uri> PresignedGetAsync(string key) => new(await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
    {
        BucketName = _bucket,
        Key = key,
        Verb = HttpVerb.GET,
        Expires = DateTime.UtcNow.AddMinutes(5),
        Protocol = Protocol.HTTP,
    }));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    private static async Task<XElement> ErrorAsync(HttpResponseMessage response) =>
        XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

    [Fact]
    public async Task PutGetDeleteCorsConfiguration_RoundTrip()
    {
        await PutSiteConfigurationAsync();

        var stored = await _s3.GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = _bucket });
        await _s3.DeleteCORSConfigurationAsync(new DeleteCORSConfigurationRequest { BucketName = _bucket });
        var gone = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = _bucket }));

        Assert.Equal(2, stored.Configuration.Rules.Count);
        var site = stored.Configuration.Rules[0];
        Assert.Equal("site", site.Id);
        Assert.Equal([Site, "https://*.app.example"], site.AllowedOrigins);
        Assert.Equal(["GET", "PUT", "HEAD"], site.AllowedMethods);
        Assert.Equal(["Content-Type", "x-amz-*"], site.AllowedHeaders);
        Assert.Equal(["ETag", "x-amz-request-id"], site.ExposeHeaders);
        Assert.Equal(600, site.MaxAgeSeconds);
        Assert.Equal(["*"], stored.Configuration.Rules[1].AllowedOrigins);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("NoSuchCORSConfiguration", gone.ErrorCode);
    }

    [Fact]
    public async Task GetCorsConfiguration_NeverSet_IsNoSuchCorsConfiguration()
    {
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = _bucket }));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("NoSuchCORSConfiguration", error.ErrorCode);
    }

    [Fact]
    public async Task DeleteCorsConfiguration_NeverSet_Succeeds()
    {
        var deleted = await _s3.DeleteCORSConfigurationAsync(new DeleteCORSConfigurationRequest { BucketName = _bucket });

        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
    }

    [Fact]
    public async Task PutCorsConfiguration_UnsupportedMethod_IsInvalidRequestAndStoresNothing()
    {
        var configuration = new CORSConfiguration { Rules = [new CORSRule { AllowedOrigins = ["*"], AllowedMethods = ["GET", "PATCH"] }] };

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest { BucketName = _bucket, Configuration = configuration }));
        var none = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = _bucket }));

        Assert.Equal("InvalidRequest", error.ErrorCode);
        Assert.Equal("Found unsupported HTTP method in CORS config. Unsupported method is PATCH", error.Message);
        Assert.Equal("NoSuchCORSConfiguration", none.ErrorCode);
    }

    [Fact]
    public async Task PutCorsConfiguration_MissingBucket_IsNoSuchBucket()
    {
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutCORSConfigurationAsync(
            new PutCORSConfigurationRequest { BucketName = CofferServer.UniqueBucket("none"), Configuration = SiteConfiguration }));

        Assert.Equal("NoSuchBucket", error.ErrorCode);
    }

    [Fact]
    public async Task DeleteBucket_WithCorsConfiguration_TheNewBucketOfThatNameHasNone()
    {
        var bucket = CofferServer.UniqueBucket("again");
        await _s3.PutBucketAsync(bucket);
        await _s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest { BucketName = bucket, Configuration = SiteConfiguration });

        await _s3.DeleteBucketAsync(bucket);
        await _s3.PutBucketAsync(bucket);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = bucket }));
        Assert.Equal("NoSuchCORSConfiguration", error.ErrorCode);
    }

    [Fact]
    public async Task Preflight_AllowedRequest_Is200WithTheRulesHeaders()
    {
        await PutSiteConfigurationAsync();

        using var response = await PreflightAsync($"/{_bucket}/uploads/photo.jpg", "https://www.app.example", "PUT", "Content-Type, X-Amz-Date");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("https://www.app.example", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("GET, PUT, HEAD", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("content-type, x-amz-date", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("ETag, x-amz-request-id", Header(response, "Access-Control-Expose-Headers"));
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("Origin, Access-Control-Request-Headers, Access-Control-Request-Method", Header(response, "Vary"));
        Assert.NotNull(Header(response, "x-amz-request-id"));
    }

    [Fact]
    public async Task Preflight_OnTheBucketFromAnyOrigin_MatchesTheWildcardRule()
    {
        await PutSiteConfigurationAsync();

        using var response = await PreflightAsync($"/{_bucket}?list-type=2", "http://localhost:3000", "GET");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("GET", Header(response, "Access-Control-Allow-Methods"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        Assert.Null(Header(response, "Access-Control-Max-Age"));
    }

    [Theory]
    [InlineData("https://app.example", "DELETE", null)]
    [InlineData("https://elsewhere.example", "PUT", null)]
    [InlineData("https://app.example", "PUT", "authorization")]
    public async Task Preflight_NoRuleAllowsIt_Is403AccessForbidden(string origin, string method, string? requestHeaders)
    {
        await PutSiteConfigurationAsync();

        using var response = await PreflightAsync($"/{_bucket}/page.json", origin, method, requestHeaders);
        var error = await ErrorAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("AccessForbidden", error.Element("Code")?.Value);
        Assert.StartsWith("CORSResponse: This CORS request is not allowed.", error.Element("Message")?.Value, StringComparison.Ordinal);
        Assert.Equal(method, error.Element("Method")?.Value);
        Assert.Equal("OBJECT", error.Element("ResourceType")?.Value);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_BucketWithoutCors_Is403()
    {
        using var response = await PreflightAsync($"/{_bucket}/page.json", Site, "GET");
        var error = await ErrorAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("AccessForbidden", error.Element("Code")?.Value);
        Assert.Equal("CORSResponse: CORS is not enabled for this bucket.", error.Element("Message")?.Value);
    }

    [Fact]
    public async Task Preflight_MissingBucket_Is403()
    {
        using var response = await PreflightAsync($"/{CofferServer.UniqueBucket("none")}/k", Site, "GET");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("CORSResponse: Bucket not found", (await ErrorAsync(response)).Element("Message")?.Value);
    }

    [Theory]
    [InlineData(null, "GET", "Insufficient information. Origin request header needed.")]
    [InlineData(Site, null, "Invalid Access-Control-Request-Method: null")]
    [InlineData(Site, "PATCH", "Invalid Access-Control-Request-Method: PATCH")]
    public async Task Preflight_WithoutOriginOrMethod_Is400BadRequest(string? origin, string? method, string message)
    {
        await PutSiteConfigurationAsync();

        using var response = await PreflightAsync($"/{_bucket}/page.json", origin, method);
        var error = await ErrorAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequest", error.Element("Code")?.Value);
        Assert.Equal(message, error.Element("Message")?.Value);
    }

    [Fact]
    public async Task Get_WithAnAllowedOrigin_CarriesAllowOriginAndExposeHeaders()
    {
        await PutSiteConfigurationAsync();

        using var response = await GetWithOriginAsync(await PresignedGetAsync("page.json"), Site);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Equal(Site, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("ETag, x-amz-request-id", Header(response, "Access-Control-Expose-Headers"));
        Assert.Equal("GET, PUT, HEAD", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("Origin, Access-Control-Request-Headers, Access-Control-Request-Method", Header(response, "Vary"));
        Assert.Null(Header(response, "Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Get_WithoutOrigin_CarriesNoCorsHeader()
    {
        await PutSiteConfigurationAsync();

        using var response = await GetWithOriginAsync(await PresignedGetAsync("page.json"), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Null(Header(response, "Vary"));
    }

    [Fact]
    public async Task Get_WithAnOriginNoRuleAllows_CarriesNoCorsHeader()
    {
        await _s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = _bucket,
            Configuration = new CORSConfiguration { Rules = [new CORSRule { AllowedOrigins = [Site], AllowedMethods = ["GET"] }] },
        });

        using var response = await GetWithOriginAsync(await PresignedGetAsync("page.json"), "https://elsewhere.example");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ErrorResponses_WithAnAllowedOrigin_CarryTheCorsHeaders()
    {
        await PutSiteConfigurationAsync();

        // A signed request for a missing key, and an unsigned one, refused before the operation runs.
        using var missing = await GetWithOriginAsync(await PresignedGetAsync("missing.json"), Site);
        using var anonymous = await GetWithOriginAsync(new Uri(server.Endpoint, $"/{_bucket}/page.json"), Site);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("NoSuchKey", (await ErrorAsync(missing)).Element("Code")?.Value);
        Assert.Equal(Site, Header(missing, "Access-Control-Allow-Origin"));
        Assert.Equal("ETag, x-amz-request-id", Header(missing, "Access-Control-Expose-Headers"));
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Equal("AccessDenied", (await ErrorAsync(anonymous)).Element("Code")?.Value);
        Assert.Equal(Site, Header(anonymous, "Access-Control-Allow-Origin"));
    }
}
