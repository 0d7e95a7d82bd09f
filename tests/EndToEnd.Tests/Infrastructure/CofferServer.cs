using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;

using Coffer.Engine.Ports;
using Coffer.Server;
using Coffer.Server.Hosting;
using Coffer.TestKit;
using Coffer.TestKit.Postgres;

using Microsoft.Extensions.Logging;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real server, in this process, on 127.0.0.1 port 0 with a temporary data directory.
/// One per test class (xunit class fixture).
/// </summary>
public class CofferServer : IAsyncLifetime
{
    private readonly TempDirectory? _data;
    private readonly string _dataDirectory;
    private readonly Func<IBlobStore, IBlobStore>? _wrapBlobStore;
    private readonly Func<ServerOptions, ServerOptions>? _configure;
    private CofferHost? _host;

    public CofferServer()
    {
        _data = new TempDirectory("coffer-e2e-");
        _dataDirectory = _data.Path;
    }

    // Not public: xunit requires a class fixture to have exactly one public constructor.
    private CofferServer(string dataDirectory, Func<IBlobStore, IBlobStore>? wrapBlobStore, Func<ServerOptions, ServerOptions>? configure)
    {
        _dataDirectory = dataDirectory;
        _wrapBlobStore = wrapBlobStore;
        _configure = configure;
    }

    /// <summary>
    /// A server on a data directory the caller owns (a small file system, say), its blob store optionally wrapped
    /// (in a fault-injecting decorator), with other options if <paramref name="configure"/> sets them (a master key
    /// file, say). The caller starts and disposes it.
    /// </summary>
    public static CofferServer On(
        string dataDirectory, Func<IBlobStore, IBlobStore>? wrapBlobStore = null, Func<ServerOptions, ServerOptions>? configure = null) =>
        new(dataDirectory, wrapBlobStore, configure);

    public const string Region = "us-east-1";

    public Uri Endpoint => _host?.Endpoint ?? throw new InvalidOperationException("Not started.");

    public string AccessKey => _host!.Root.AccessKeyId;

    public string SecretKey => _host!.Root.SecretAccessKey;

    public string DataDirectory => _dataDirectory;

    /// <summary>Everything the server logged (at Warning and above unless a fixture logs more), one entry per line.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The server's clock: the system's, moved only by tests that need time to pass.</summary>
    public OffsetClock Clock { get; } = new();

    /// <summary>The account's 12-digit id, as IAM ARNs name it.</summary>
    public string AccountId => _host!.AccountId;

    /// <summary>
    /// Set to <c>postgresql</c>, every server that does not name its own metadata store keeps its metadata in a database
    /// of its own on the test process's PostgreSQL cluster, as a node of a deployment does: the README's test command runs
    /// a subset of this suite so, covering every operation family.
    /// </summary>
    public const string MetadataVariable = "COFFER_TEST_METADATA";

    private string? _database;

    /// <summary>The PostgreSQL database the server keeps its metadata in; null when it is embedded SQLite in the data directory.</summary>
    public string? Metadata { get; private set; }

    /// <summary>
    /// The server's metadata store opened beside it, as a second node would open it (for tests that set state the S3 API
    /// refuses, such as lifecycle rules counted in seconds). Dispose it before the server.
    /// </summary>
    public async Task<(IMetadataStore Store, IAsyncDisposable Lifetime)> OpenMetadataStoreAsync()
    {
        if (Metadata is { } database)
        {
            var postgres = await Engine.Postgres.PostgresMetadataStore.OpenAsync(database, CancellationToken.None);
            return (postgres, postgres);
        }

        var sqlite = await Engine.Sqlite.SqliteMetadataStore.OpenAsync(Path.Combine(_dataDirectory, "metadata.db"), CancellationToken.None);
        return (sqlite, sqlite);
    }

    public async Task InitializeAsync()
    {
        var options = Configure(new ServerOptions { DataDirectory = _dataDirectory, Address = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), Region = Region });
        if (options.Metadata is null && Environment.GetEnvironmentVariable(MetadataVariable) == "postgresql")
        {
            _database = await PostgresServer.Shared.CreateDatabaseAsync();
            options = options with { Metadata = PostgresServer.Shared.Uri(_database) };
        }

        Metadata = options.Metadata;

        _host = await CofferHost.CreateAsync(
            options,
            ConfigureLogging,
            Clock,
            _wrapBlobStore);
        await _host.StartAsync(CancellationToken.None);
    }

    /// <summary>A fixture that needs other server options (shorter client timeouts, say) overrides this.</summary>
    protected virtual ServerOptions Configure(ServerOptions options) => _configure?.Invoke(options) ?? options;

    /// <summary>Warnings and errors only, unless a fixture needs to read the logs.</summary>
    protected virtual void ConfigureLogging(ILoggingBuilder logging) => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(Logs);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            await _host.DisposeAsync();
        }

        if (_database is not null)
        {
            await PostgresServer.Shared.DropDatabaseAsync(_database);
        }

        _data?.Dispose();
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

    /// <summary>A KMS client on the same endpoint, as AWSSDK.KeyManagementService users point it; root's unless credentials are given.</summary>
    public AmazonKeyManagementServiceClient CreateKmsClient(AWSCredentials? credentials = null) => new(
        credentials ?? new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonKeyManagementServiceConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region, MaxErrorRetry = 0 });

    public HttpClient CreateHttpClient() => new() { BaseAddress = Endpoint };

    public static string UniqueBucket(string hint = "b") => $"{hint}-{Guid.NewGuid():N}"[..Math.Min(40, hint.Length + 33)];
}
