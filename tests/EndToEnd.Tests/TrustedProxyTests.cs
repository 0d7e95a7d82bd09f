using System.Net;

using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server;
using Coffer.Server.Hosting;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>The real server behind a proxy on 127.0.0.1 (the test's own client plays the proxy).</summary>
public sealed class LoopbackProxiedCofferServer : CofferServer
{
    protected override ServerOptions Configure(ServerOptions options) => options with { TrustedProxies = TrustedProxies.Parse("127.0.0.1/32") };
}

/// <summary>The real server trusting a proxy range that the test's client is not in.</summary>
public sealed class ElsewhereProxiedCofferServer : CofferServer
{
    protected override ServerOptions Configure(ServerOptions options) => options with { TrustedProxies = TrustedProxies.Parse("10.0.0.0/8") };
}

/// <summary>
/// X-Forwarded-For, -Proto and -Host count only from a trusted proxy: then they decide aws:SourceIp,
/// aws:SecureTransport and virtual-hosted addressing; from anyone else (loopback included) they change nothing.
/// </summary>
public sealed class TrustedProxyTests(LoopbackProxiedCofferServer proxied, CofferServer direct, ElsewhereProxiedCofferServer elsewhere)
    : IClassFixture<LoopbackProxiedCofferServer>, IClassFixture<CofferServer>, IClassFixture<ElsewhereProxiedCofferServer>
{
    private const string OnlyFromDocumentationRange = """{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""";

    private const string OnlyOverTls = """{"Bool":{"aws:SecureTransport":"true"}}""";

    [Fact]
    public async Task TrustedProxy_ForwardedFor_IsTheSourceIpPoliciesSee()
    {
        var bucket = await PublicBucketAsync(proxied, OnlyFromDocumentationRange);

        Assert.Equal(HttpStatusCode.OK, await GetAsync(proxied, bucket, ("X-Forwarded-For", "203.0.113.7")));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(proxied, bucket, ("X-Forwarded-For", "198.51.100.1")));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(proxied, bucket));
    }

    [Fact]
    public async Task TrustedProxy_ChainOfForwards_TheClientIsTheFirstUntrustedAddressFromTheRight()
    {
        var bucket = await PublicBucketAsync(proxied, OnlyFromDocumentationRange);

        // 127.0.0.1 is a trusted proxy, so the address before it is the client's.
        Assert.Equal(HttpStatusCode.OK, await GetAsync(proxied, bucket, ("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 127.0.0.1")));

        // A client that writes its own X-Forwarded-For gets it passed on by the proxy, which appends the address it saw:
        // that one is not trusted, so it is the client's, whatever the client claimed before it.
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(proxied, bucket, ("X-Forwarded-For", "203.0.113.7, 198.51.100.1")));
    }

    [Fact]
    public async Task TrustedProxy_ForwardedProtoHttps_IsSecureTransport()
    {
        var bucket = await PublicBucketAsync(proxied, OnlyOverTls);

        Assert.Equal(HttpStatusCode.OK, await GetAsync(proxied, bucket, ("X-Forwarded-Proto", "https")));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(proxied, bucket, ("X-Forwarded-Proto", "http")));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(proxied, bucket));
    }

    [Fact]
    public async Task TrustedProxy_ForwardedHost_RoutesVirtualHostedStyle()
    {
        var bucket = await PublicBucketAsync(proxied, condition: null);
        using var http = proxied.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/a.txt");
        request.Headers.Add("X-Forwarded-Host", $"{bucket}.localhost:{proxied.Endpoint.Port}");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a.txt", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoTrustedProxies_ForwardedHeadersFromLoopback_ChangeNothing()
    {
        var fromRange = await PublicBucketAsync(direct, OnlyFromDocumentationRange);
        var overTls = await PublicBucketAsync(direct, OnlyOverTls);
        var hosted = await PublicBucketAsync(direct, condition: null);
        using var http = direct.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/a.txt");
        request.Headers.Add("X-Forwarded-Host", $"{hosted}.localhost:{direct.Endpoint.Port}");

        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(direct, fromRange, ("X-Forwarded-For", "203.0.113.7")));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(direct, overTls, ("X-Forwarded-Proto", "https")));
        using var response = await http.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TrustedProxiesElsewhere_ForwardedHeadersFromLoopback_ChangeNothing()
    {
        var fromRange = await PublicBucketAsync(elsewhere, OnlyFromDocumentationRange);
        var overTls = await PublicBucketAsync(elsewhere, OnlyOverTls);

        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(elsewhere, fromRange, ("X-Forwarded-For", "203.0.113.7")));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(elsewhere, overTls, ("X-Forwarded-Proto", "https")));
    }

    [Fact]
    public async Task AspNetCoreForwardedHeadersSwitch_WithoutTrustedProxies_ChangesNothing()
    {
        using var data = new TempDirectory("coffer-forwarded-switch-");
        using var process = await ServerProcess.StartAsync(
            data.Path, "FORWARDSWITCHKEY", "forward-switch-secret-0123456789abcdefghij",
            environment: new Dictionary<string, string> { ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true" });
        using var s3 = ProcessServerClients.Create(process.Endpoint, "FORWARDSWITCHKEY", "forward-switch-secret-0123456789abcdefghij");
        await s3.PutBucketAsync("switch");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "switch", Key = "a.txt", ContentBody = "a.txt" });
        await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = "switch", Policy = PolicyFor("switch", OnlyFromDocumentationRange) });
        using var http = new HttpClient { BaseAddress = process.Endpoint };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/switch/a.txt");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>An unsigned GET of the bucket's a.txt, path style, with the given headers.</summary>
    private static async Task<HttpStatusCode> GetAsync(CofferServer server, string bucket, params (string Name, string Value)[] headers)
    {
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{bucket}/a.txt");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A bucket holding a.txt, whose policy lets anyone read it, under the condition if one is given.</summary>
    private static async Task<string> PublicBucketAsync(CofferServer server, string? condition)
    {
        using var s3 = server.CreateClient();
        var bucket = CofferServer.UniqueBucket("proxy");
        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a.txt", ContentBody = "a.txt" });
        await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = PolicyFor(bucket, condition) });
        return bucket;
    }

    private static string PolicyFor(string bucket, string? condition)
    {
        var conditionMember = condition is null ? "" : ",\"Condition\":" + condition;
        return $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
              "Resource":"arn:aws:s3:::{{bucket}}/*"{{conditionMember}} }]}
            """;
    }
}
