using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;

using Coffer.Server;
using Coffer.Server.Hosting;
using Coffer.TestKit;

using Microsoft.Extensions.Logging;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real server, in this process, on 127.0.0.1 port 0 with a temporary data directory.
/// One per test class (xunit class fixture).
/// </summary>
public sealed class CofferServer : IAsyncLifetime
{
    private readonly TempDirectory _data = new("coffer-e2e-");
    private CofferHost? _host;

    public const string Region = "us-east-1";

    public Uri Endpoint => _host?.Endpoint ?? throw new InvalidOperationException("Not started.");

    public string AccessKey => _host!.Root.AccessKeyId;

    public string SecretKey => _host!.Root.SecretAccessKey;

    public string DataDirectory => _data.Path;

    /// <summary>The server's clock: the system's, moved only by tests that need time to pass.</summary>
    public OffsetClock Clock { get; } = new();

    /// <summary>What the server has logged at Warning and above.</summary>
    public CapturedLog Log { get; } = new();

    /// <summary>The account's 12-digit id, as IAM ARNs name it.</summary>
    public string AccountId => _host!.AccountId;

    public async Task InitializeAsync()
    {
        _host = await CofferHost.CreateAsync(
            new ServerOptions { DataDirectory = _data.Path, Address = "127.0.0.1:0", Region = Region },
            logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(Log),
            Clock);
        await _host.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            await _host.DisposeAsync();
        }

        _data.Dispose();
    }

    /// <summary>
    /// An AWS SDK client with its defaults (aws-chunked uploads with trailing CRC32 checksums over
    /// plain HTTP). Virtual-hosted style addresses buckets as bucket.localhost. Without retries,
    /// every call is exactly one request, which tests that count outcomes need: a retried
    /// conditional write that had in fact succeeded would come back as its own 412. Without
    /// <paramref name="requestChecksums"/>, the client sends a checksum only where an operation
    /// requires one (WHEN_REQUIRED), so the server chooses the checksum of what it stores.
    /// </summary>
    public AmazonS3Client CreateClient(bool pathStyle = true, string? secretKey = null, bool retries = true, bool requestChecksums = true)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = pathStyle ? Endpoint.ToString() : $"http://localhost:{Endpoint.Port}",
            ForcePathStyle = pathStyle,
            AuthenticationRegion = Region,
            HttpClientFactory = pathStyle ? null : new LoopbackHttpClientFactory(),
        };
        if (!retries)
        {
            config.MaxErrorRetry = 0;
        }

        if (!requestChecksums)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
        }

        return new AmazonS3Client(new BasicAWSCredentials(AccessKey, secretKey ?? SecretKey), config);
    }

    /// <summary>A path-style client that signs with other credentials: a user's key, or temporary credentials from STS.</summary>
    public AmazonS3Client CreateClient(AWSCredentials credentials) => new(credentials, new AmazonS3Config
    {
        ServiceURL = Endpoint.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = Region,
    });

    /// <summary>An STS client on the same endpoint, as AWSSDK.SecurityToken users point it.</summary>
    public AmazonSecurityTokenServiceClient CreateStsClient(AWSCredentials credentials) => new(credentials, new AmazonSecurityTokenServiceConfig
    {
        ServiceURL = Endpoint.ToString(),
        AuthenticationRegion = Region,
    });

    public HttpClient CreateHttpClient() => new() { BaseAddress = Endpoint };

    public static string UniqueBucket(string hint = "b") => $"{hint}-{Guid.NewGuid():N}"[..Math.Min(40, hint.Length + 33)];
}
