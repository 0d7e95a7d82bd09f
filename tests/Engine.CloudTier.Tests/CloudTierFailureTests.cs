using System.Net;
using System.Net.Sockets;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Tiers;
using Coffer.TestKit;

namespace Coffer.Engine.CloudTier.Tests;

/// <summary>
/// An endpoint that does not answer, or refuses, is a <see cref="TierUnavailableException"/> naming the tier, from every
/// operation; a missing blob stays <see cref="BlobNotFoundException"/>.
/// </summary>
[Collection(CofferEndpointCollection.Name)]
public sealed class CloudTierFailureTests(CofferEndpoint endpoint)
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Operations_EndpointRefusesConnections_ThrowTierUnavailableNamingTheTier()
    {
        using var store = UnreachableStore(out var endpointUrl);
        var expected = $"--tier GLACIER=s3://cold/coffer: the endpoint {endpointUrl} did not answer";

        var open = await Assert.ThrowsAsync<TierUnavailableException>(() => store.OpenReadAsync(BlobId.New(), None).AsTask());
        var delete = await Assert.ThrowsAsync<TierUnavailableException>(() => store.DeleteAsync(BlobId.New(), None));
        var list = await Assert.ThrowsAsync<TierUnavailableException>(async () =>
        {
            await foreach (var blob in store.EnumerateAsync(TimeSpan.FromDays(1), None))
            {
            }
        });
        await using var writer = store.CreateWriter();
        await writer.WriteAsync(new byte[10], None);
        var commit = await Assert.ThrowsAsync<TierUnavailableException>(() => writer.CommitAsync(None));

        Assert.All(new[] { open, delete, list, commit }, e => Assert.StartsWith(expected, e.Message, StringComparison.Ordinal));
        Assert.Contains("(Connection refused)", open.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenReadAsync_WrongSecret_ThrowsTierUnavailableWithTheEndpointsAnswer()
    {
        using var store = CofferEndpoint.CreateStore(endpoint.FreshLocation(), secretKey: "not-the-secret");

        var thrown = await Assert.ThrowsAsync<TierUnavailableException>(() => store.OpenReadAsync(BlobId.New(), None).AsTask());

        Assert.Contains("answered 403", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitAsync_BucketMissing_ThrowsTierUnavailableWithNoSuchBucket()
    {
        using var store = CofferEndpoint.CreateStore(endpoint.FreshLocation(bucket: "no-such-tier-bucket"));
        await using var writer = store.CreateWriter();
        await writer.WriteAsync(new byte[10], None);

        var thrown = await Assert.ThrowsAsync<TierUnavailableException>(() => writer.CommitAsync(None));

        Assert.Contains("answered 404 NoSuchBucket", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenReadAsync_Missing_IsBlobNotFoundNotATierFailure()
    {
        using var store = CofferEndpoint.CreateStore(endpoint.FreshLocation());
        var id = BlobId.New();

        var thrown = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.OpenReadAsync(id, None).AsTask());

        Assert.Equal(id, thrown.Id);
    }

    [Fact]
    public async Task ReadAsync_AfterTheBlobWasDeleted_ThrowsBlobNotFound()
    {
        using var store = CofferEndpoint.CreateStore(endpoint.FreshLocation());
        await using var writer = store.CreateWriter();
        await writer.WriteAsync(new byte[100], None);
        await writer.CommitAsync(None);
        using var reader = store.OpenRead(writer.Id);

        await store.DeleteAsync(writer.Id, None);

        var thrown = await Assert.ThrowsAsync<BlobNotFoundException>(() => reader.ReadAsync(0, new byte[100], None).AsTask());
        Assert.Equal(writer.Id, thrown.Id);
    }

    [Fact]
    public async Task ProbeAsync_ReachableBucket_IsNullAndLeavesNothingBehind()
    {
        var location = endpoint.FreshLocation();
        using var store = CofferEndpoint.CreateStore(location);

        Assert.Null(await store.ProbeAsync(None));

        using var client = endpoint.CreateClient();
        var listed = await client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = CofferEndpoint.Bucket, Prefix = location.Prefix });
        Assert.Empty(listed.S3Objects ?? []);
    }

    [Fact]
    public async Task ProbeAsync_EndpointRefusesConnections_SaysItDidNotAnswer()
    {
        using var store = UnreachableStore(out var endpointUrl);

        var problem = await store.ProbeAsync(None);

        Assert.Equal($"--tier GLACIER=s3://cold/coffer: the endpoint {endpointUrl} did not answer (Connection refused).", problem);
    }

    [Fact]
    public async Task ProbeAsync_BucketMissing_SaysSo()
    {
        var location = endpoint.FreshLocation("DEEP_ARCHIVE", bucket: "no-such-tier-bucket");
        using var store = CofferEndpoint.CreateStore(location);

        var problem = await store.ProbeAsync(None);

        Assert.Equal(
            $"--tier DEEP_ARCHIVE=s3://no-such-tier-bucket/{location.Prefix}: the bucket 'no-such-tier-bucket' does not exist at the endpoint {endpoint.Endpoint.GetLeftPart(UriPartial.Authority)}.",
            problem);
    }

    [Fact]
    public async Task ProbeAsync_WrongSecret_NamesTheCredentialVariables()
    {
        using var store = CofferEndpoint.CreateStore(endpoint.FreshLocation("STANDARD_IA"), secretKey: "not-the-secret");

        var problem = await store.ProbeAsync(None);

        Assert.NotNull(problem);
        Assert.StartsWith("--tier STANDARD_IA=s3://cloud-tier/coffer/", problem, StringComparison.Ordinal);
        Assert.Contains("refused the credentials", problem, StringComparison.Ordinal);
        Assert.Contains("COFFER_TIER_STANDARD_IA_ACCESS_KEY_ID and COFFER_TIER_STANDARD_IA_SECRET_ACCESS_KEY", problem, StringComparison.Ordinal);
    }

    // A loopback port that was just free: connecting is refused at once.
    private static CloudTierBlobStore UnreachableStore(out string endpointUrl)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        endpointUrl = $"http://127.0.0.1:{port}";
        var location = new S3TierLocation("GLACIER", "cold", "coffer", new Uri(endpointUrl), S3TierLocation.DefaultRegion);
        return CofferEndpoint.CreateStore(location);
    }
}
