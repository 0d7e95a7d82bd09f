using System.Net;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server.Hosting;

namespace Coffer.EndToEnd.Tests;

/// <summary>The unauthenticated probes a load balancer (deploy/cluster's haproxy) asks each node.</summary>
public sealed class HealthEndpointTests(CofferServer server) : IClassFixture<CofferServer>
{
    [Theory]
    [InlineData(HealthEndpoint.LivePath)]
    [InlineData(HealthEndpoint.ReadyPath)]
    public async Task Probe_HealthyNode_Answers200Ok(string path)
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.Endpoint, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Probe_VirtualHostedBucketHost_IsAnS3RequestForThatKey()
    {
        using var http = new LoopbackHttpClientFactory().CreateHttpClient(new Amazon.S3.AmazonS3Config());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://some-bucket.localhost:{server.Endpoint.Port}{HealthEndpoint.LivePath}");

        using var response = await http.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<Error>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Probe_AnotherMethod_IsAnS3Request()
    {
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(server.Endpoint, HealthEndpoint.LivePath), new StringContent(""));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<Error>", await response.Content.ReadAsStringAsync());
    }
}
