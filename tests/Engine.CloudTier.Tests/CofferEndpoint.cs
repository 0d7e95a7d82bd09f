using Amazon.Runtime;
using Amazon.S3;

using Coffer.Engine.Tiers;
using Coffer.TestKit;

namespace Coffer.Engine.CloudTier.Tests;

/// <summary>
/// A second Coffer, run as its own process on loopback, with one bucket: the S3 endpoint the cloud tier writes to.
/// Shared by every test class of the collection; each store gets a prefix of its own, so each starts empty.
/// </summary>
public sealed class CofferEndpoint : IAsyncLifetime
{
    public const string Bucket = "cloud-tier";
    public const string AccessKey = "tieradmin";
    public const string SecretKey = "tier-secret-key-for-tests";

    private readonly TempDirectory _data = new("coffer-tier-");
    private ServerProcess? _server;

    public Uri Endpoint => _server?.Endpoint ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(_data.Path, AccessKey, SecretKey);
        using var client = CreateClient();
        await client.PutBucketAsync(Bucket);
    }

    /// <summary>A plain client of the endpoint, to see what the tier left there.</summary>
    public AmazonS3Client CreateClient(string secretKey = SecretKey) => new(
        new BasicAWSCredentials(AccessKey, secretKey),
        new AmazonS3Config
        {
            ServiceURL = Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = S3TierLocation.DefaultRegion,
            MaxErrorRetry = 0,
        });

    /// <summary>A tier location under a fresh prefix of the bucket.</summary>
    public S3TierLocation FreshLocation(string storageClass = "GLACIER", string bucket = Bucket) =>
        new(storageClass, bucket, $"coffer/{Guid.NewGuid():N}", Endpoint, S3TierLocation.DefaultRegion);

    /// <summary>A store with its own client, keyed by this endpoint's root credentials through the tier's variables.</summary>
    public static CloudTierBlobStore CreateStore(S3TierLocation location, CloudTierOptions? options = null, string secretKey = SecretKey) =>
        CloudTierBlobStore.Create(location, options, Credentials(location, secretKey));

    public static Func<string, string?> Credentials(S3TierLocation location, string secretKey = SecretKey) =>
        name => name == location.AccessKeyIdVariable ? AccessKey
            : name == location.SecretAccessKeyVariable ? secretKey
            : null;

    public Task DisposeAsync()
    {
        _server?.Dispose();
        _data.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class CofferEndpointCollection : ICollectionFixture<CofferEndpoint>
{
    public const string Name = "Coffer endpoint";
}
