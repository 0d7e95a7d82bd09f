using System.Text;

using Coffer.Engine.Buckets;
using Coffer.Engine.Caching;
using Coffer.Engine.FileSystem;
using Coffer.Engine.Identity;
using Coffer.Engine.Listing;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.Engine.Sqlite;
using Coffer.Iam;
using Coffer.Iam.Sts;
using Coffer.S3;
using Coffer.S3.Auth;
using Coffer.S3.Routing;
using Coffer.Server.Credentials;
using Coffer.Server.Identity;

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Coffer.Server.Hosting;

/// <summary>
/// Builds and runs one Coffer node: Kestrel, the S3 endpoint, the embedded stores and the
/// background collector. The only place that sees every layer.
/// </summary>
public sealed partial class CofferHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly SqliteMetadataStore _metadata;

    private readonly SecretBox _secrets;

    private readonly DataDirectoryLock _directoryLock;

    private CofferHost(WebApplication app, RootCredentials root, string accountId, SqliteMetadataStore metadata, SecretBox secrets, DataDirectoryLock directoryLock)
    {
        _app = app;
        Root = root;
        AccountId = accountId;
        _metadata = metadata;
        _secrets = secrets;
        _directoryLock = directoryLock;
    }

    public RootCredentials Root { get; }

    /// <summary>The account's 12-digit id, as it appears in IAM ARNs.</summary>
    public string AccountId { get; }

    /// <summary>The endpoint actually bound (the port is known only after start when 0 was asked).</summary>
    public Uri Endpoint => new(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <param name="clock">The server's clock; the system's unless a test moves time (to expire a session token, say).</param>
    /// <param name="wrapBlobStore">
    /// Wraps the blob store before anything uses it: tests put a fault-injecting decorator around the real one, to
    /// make a disk fail mid-read, or fill up where no small file system can be mounted.
    /// </param>
    /// <exception cref="DataDirectoryInUseException">Another server holds the data directory.</exception>
    public static async Task<CofferHost> CreateAsync(
        ServerOptions options, Action<ILoggingBuilder>? configureLogging = null, TimeProvider? clock = null, Func<IBlobStore, IBlobStore>? wrapBlobStore = null)
    {
        // The lock comes before anything in the directory is read or opened, and is held until the host is disposed.
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        PrivateDataDirectory.Create(dataDirectory);
        var directoryLock = DataDirectoryLock.Acquire(dataDirectory);
        try
        {
            return await CreateAsync(options, dataDirectory, directoryLock, configureLogging, clock, wrapBlobStore);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    private static async Task<CofferHost> CreateAsync(
        ServerOptions options,
        string dataDirectory,
        DataDirectoryLock directoryLock,
        Action<ILoggingBuilder>? configureLogging,
        TimeProvider? clock,
        Func<IBlobStore, IBlobStore>? wrapBlobStore)
    {
        var tightened = PrivateDataDirectory.Tighten(dataDirectory);
        var root = RootCredentials.Load(dataDirectory, options.RootCredentials);
        var staleCredentials = RootCredentials.StaleFile(dataDirectory, root);
        var accountId = Credentials.AccountId.Load(dataDirectory);
        var secrets = new SecretBox(SealingKey.Load(dataDirectory));

        // Configuration files are not used, so nothing may watch for them: reloading on change puts an inotify watch on
        // the content root and each folder under it, that is on every blob folder, and wakes a thread for every blob written.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = dataDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        configureLogging?.Invoke(builder.Logging);
        RedactingLogFilters.Apply(builder.Logging);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Address);
            kestrel.AddServerHeader = false;

            // The S3 layer enforces S3's own ceilings (5 GiB per PUT), so Kestrel must not cut bodies earlier.
            kestrel.Limits.MaxRequestBodySize = null;

            var clients = options.ClientLimits;
            kestrel.Limits.RequestHeadersTimeout = clients.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = clients.KeepAliveTimeout;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(clients.MinBodyBytesPerSecond, clients.DataRateGracePeriod);
            kestrel.Limits.MinResponseDataRate = new MinDataRate(clients.MinResponseBytesPerSecond, clients.DataRateGracePeriod);
            kestrel.Limits.MaxRequestLineSize = clients.MaxRequestLineBytes;

            // No cap on connections: idle ones cost a socket and a few KiB each, and the process's file
            // limit (which .NET raises to the hard limit at start) is the real bound.
            kestrel.Limits.MaxConcurrentConnections = null;

            // A GET hands Kestrel 512 KiB at a time (OpenedObject's chunk); with the default 64 KiB the write waits
            // on the socket in small steps instead of returning while the next chunk is read.
            kestrel.Limits.MaxResponseBufferSize = 1024 * 1024;

            // Non-ASCII header values (x-amz-meta-*): clients send and sign them as UTF-8, so they
            // are read as UTF-8; responses carry them as Latin-1 because that is how HTTP clients
            // (Python's http.client, .NET's HttpClient) decode response header bytes, which is what
            // makes S3's answer read back as the value that was stored.
            kestrel.RequestHeaderEncodingSelector = _ => Encoding.UTF8;
            kestrel.ResponseHeaderEncodingSelector = _ => Encoding.Latin1;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var metadata = new SqliteMetadataStore(Path.Combine(dataDirectory, "metadata.db"));
        await metadata.InitializeAsync(CancellationToken.None);
        IBlobStore blobs = new FileSystemBlobStore(Path.Combine(dataDirectory, "blobs"));
        blobs = wrapBlobStore?.Invoke(blobs) ?? blobs;
        clock ??= TimeProvider.System;
        var releaser = new BlobReleaser(metadata, blobs);

        var domains = new List<string> { "localhost" };
        if (!string.IsNullOrWhiteSpace(options.Domain))
        {
            domains.Insert(0, options.Domain.Trim().TrimEnd('.'));
        }

        // Keys, policies and bucket settings are read on every request and cached for a few
        // seconds; every change through this process goes through these counters and retires
        // the cached copies at once, so revocations here apply to the very next request.
        var identityChanges = new ChangeCounter();
        var identityStore = new ChangeCountingIdentityStore(metadata, identityChanges);
        var bucketChanges = new ChangeCounter();

        var identity = new IdentityEngine(identityStore, secrets, clock, accountId);
        var sessions = new SessionTokens(secrets, clock);
        var identityPolicies = new IdentityPolicies(identityStore, identityChanges, clock);
        var keys = new AccountAccessKeys(root, accountId, identity, identityStore, sessions, identityChanges, clock);
        var s3Options = new S3Options { Region = options.Region, AccountId = accountId };
        var objects = new ObjectEngine(metadata, blobs, releaser, clock);
        var services = new S3Services(
            s3Options,
            new S3Router(domains),
            new RequestAuthenticator(keys, new AuthenticationOptions { Region = options.Region, VirtualHostDomains = domains }, clock),
            new BucketEngine(metadata, clock, bucketChanges),
            new BucketSettings(metadata, bucketChanges, clock),
            objects,
            new ObjectLister(metadata),
            new MultipartEngine(metadata, blobs, releaser, objects, clock),
            new UploadLister(metadata),
            clock)
        {
            IdentityPolicies = new StoredIdentityPolicies(identityPolicies),
            QueryApi = new QueryApiServices(
                new IamEndpoint(identityStore, secrets, clock, accountId, identityPolicies),
                new StsEndpoint(identityStore, sessions, clock, accountId, identityPolicies)),
        };

        builder.Services.AddSingleton<IMetadataStore>(metadata);
        builder.Services.AddSingleton<IBlobStore>(blobs);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(services);
        builder.Services.AddSingleton<S3Middleware>();
        builder.Services.AddSingleton(new BlobCollector(metadata, blobs, releaser));
        builder.Services.AddSingleton(new UploadSweeper(metadata, releaser));
        builder.Services.AddHostedService<BlobCollectorService>();

        var app = builder.Build();
        if (tightened > 0)
        {
            Log.DataDirectoryTightened(app.Services.GetRequiredService<ILogger<CofferHost>>(), dataDirectory, tightened);
        }

        if (staleCredentials is not null)
        {
            Log.StoredRootCredentialsStale(app.Services.GetRequiredService<ILogger<CofferHost>>(), staleCredentials);
        }

        var middleware = app.Services.GetRequiredService<S3Middleware>();
        app.Run(middleware.InvokeAsync);
        return new CofferHost(app, root, accountId, metadata, secrets, directoryLock);
    }

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    /// <summary>Runs until SIGTERM or Ctrl-C, then stops accepting, drains in-flight requests and closes the stores.</summary>
    public Task RunUntilShutdownAsync() => _app.WaitForShutdownAsync();

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    /// <summary>
    /// Disposes the web host first (requests drained), then closes the database cleanly, and only then lets another
    /// server have the data directory.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _metadata.DisposeAsync();
        _secrets.Dispose();
        _directoryLock.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Warning,
            Message = "The data directory {DataDirectory} was open to other local users; made it private (folders 0700, files 0600), entries changed: {Count}")]
        public static partial void DataDirectoryTightened(ILogger logger, string dataDirectory, int count);

        [LoggerMessage(EventId = 201, Level = LogLevel.Warning,
            Message = "Root credentials come from COFFER_ROOT_USER and COFFER_ROOT_PASSWORD; {StoredFile} holds another pair and is stale ('coffer admin --data' would use it): delete it, or run coffer admin with the same variables")]
        public static partial void StoredRootCredentialsStale(ILogger logger, string storedFile);
    }
}
