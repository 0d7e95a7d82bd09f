using System.Diagnostics;
using System.Text;

using Coffer.Engine.Archive;
using Coffer.Engine.Buckets;
using Coffer.Engine.Caching;
using Coffer.Engine.Coordination;
using Coffer.Engine.Encryption;
using Coffer.Engine.FileSystem;
using Coffer.Engine.Identity;
using Coffer.Engine.Kms;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Listing;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.Engine.Tiering;
using Coffer.Engine.Tiers;
using Coffer.Engine.Versions;
using Coffer.Iam;
using Coffer.Iam.Kms;
using Coffer.Iam.Sts;
using Coffer.S3;
using Coffer.S3.Auth;
using Coffer.S3.Logging;
using Coffer.S3.Routing;
using Coffer.Server.AdminApi;
using Coffer.Server.Credentials;
using Coffer.Server.Identity;

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Console;

namespace Coffer.Server.Hosting;

/// <summary>
/// Builds and runs one Coffer node: Kestrel, the S3 endpoint, the embedded stores and the
/// background collector. The only place that sees every layer.
/// </summary>
public sealed partial class CofferHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly IAsyncDisposable _metadata;

    private readonly SecretBox _secrets;

    private readonly DataDirectoryLock _directoryLock;

    private readonly TimeSpan _drainTimeout;

    private CofferHost(
        WebApplication app, RootCredentials root, string accountId, MetadataStores stores, SecretBox secrets, DataDirectoryLock directoryLock,
        TimeSpan drainTimeout)
    {
        _app = app;
        Root = root;
        AccountId = accountId;
        _metadata = stores.Lifetime;
        MetadataMoved = stores.Moved;
        _secrets = secrets;
        _directoryLock = directoryLock;
        _drainTimeout = drainTimeout;
    }

    public RootCredentials Root { get; }

    /// <summary>The account's 12-digit id, as it appears in IAM ARNs.</summary>
    public string AccountId { get; }

    /// <summary>
    /// Completes when a write found the embedded metadata database moved to another store (`coffer admin migrate`);
    /// null when the host runs on a database no move leaves (PostgreSQL).
    /// </summary>
    internal Task? MetadataMoved { get; }

    /// <summary>The endpoint actually bound (the port is known only after start when 0 was asked).</summary>
    public Uri Endpoint => new(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <param name="clock">The server's clock; the system's unless a test moves time (to expire a session token, say).</param>
    /// <param name="wrapBlobStore">
    /// Wraps the blob store before anything uses it: tests put a fault-injecting decorator around the real one, to
    /// make a disk fail mid-read, or fill up where no small file system can be mounted.
    /// </param>
    /// <exception cref="DataDirectoryInUseException">Another server holds the data directory.</exception>
    /// <param name="listenSocket">
    /// The socket to serve on, lent by `coffer server` so that it outlives this host (<see cref="ServerListenSocket"/>);
    /// without one the host binds <see cref="ServerOptions.Address"/> itself.
    /// </param>
    public static async Task<CofferHost> CreateAsync(
        ServerOptions options,
        Action<ILoggingBuilder>? configureLogging = null,
        TimeProvider? clock = null,
        Func<IBlobStore, IBlobStore>? wrapBlobStore = null,
        ServerListenSocket? listenSocket = null)
    {
        // The lock comes before anything in the directory is read or opened, and is held until the host is disposed.
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        PrivateDataDirectory.Create(dataDirectory);
        // Nodes on a shared database share the directory too (their blob store); embedded SQLite wants it alone.
        var directoryLock = options.Metadata is null ? DataDirectoryLock.Acquire(dataDirectory) : DataDirectoryLock.AcquireShared(dataDirectory);
        try
        {
            return await CreateAsync(options, dataDirectory, directoryLock, configureLogging, clock, wrapBlobStore, listenSocket);
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
        Func<IBlobStore, IBlobStore>? wrapBlobStore,
        ServerListenSocket? listenSocket)
    {
        var tightened = PrivateDataDirectory.Tighten(dataDirectory);
        var root = RootCredentials.Load(dataDirectory, options.RootCredentials);
        var staleCredentials = RootCredentials.StaleFile(dataDirectory, root);
        var accountId = Credentials.AccountId.Load(dataDirectory);
        var secrets = new SecretBox(SealingKey.Load(dataDirectory));
        var masterKeys = MasterKey.LoadRing(dataDirectory, options.MasterKeyFile);

        // Configuration files are not used, so nothing may watch for them: reloading on change puts an inotify watch on
        // the content root and each folder under it, that is on every blob folder, and wakes a thread for every blob written.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = dataDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        // ASP.NET Core believes X-Forwarded-For and -Proto from anyone when ASPNETCORE_FORWARDEDHEADERS_ENABLED is true
        // (a switch meant for containers behind a proxy). Coffer believes only --trusted-proxies, so the switch is held off.
        builder.Configuration["ForwardedHeaders_Enabled"] = "false";

        builder.Logging.ClearProviders();
        AddConsole(builder.Logging, options.LogFormat);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        configureLogging?.Invoke(builder.Logging);
        RedactingLogFilters.Apply(builder.Logging);

        if (listenSocket is not null)
        {
            builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = _ => listenSocket.Lend());
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(listenSocket?.EndPoint ?? options.Address);
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
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.DrainTimeout);
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();

        var stores = await MetadataStores.OpenAsync(options, dataDirectory, CancellationToken.None);
        var metadata = stores.Metadata;
        IBlobStore blobs = new FileSystemBlobStore(Path.Combine(dataDirectory, "blobs"));
        blobs = wrapBlobStore?.Invoke(blobs) ?? blobs;
        var tiers = await TierStores.OpenAsync(options.Tiers, CancellationToken.None);
        if (tiers.Count > 0)
        {
            blobs = new TieredBlobStore(blobs, tiers);
        }

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
        var identityChanges = new ChangeCounter("identity");
        var identityStore = new ChangeCountingIdentityStore(stores.Identity, identityChanges);
        var bucketChanges = new ChangeCounter("buckets");

        var identity = new IdentityEngine(identityStore, secrets, clock, accountId);
        var sessions = new SessionTokens(secrets, clock);
        var identityPolicies = new IdentityPolicies(identityStore, identityChanges, clock);
        var keys = new AccountAccessKeys(root, accountId, identity, identityStore, sessions, identityChanges, clock);
        var lifecycleDay = options.LifecycleDayLength is { } dayLength ? new LifecycleDay(dayLength) : LifecycleDay.Real;
        var router = new S3Router(domains);
        var s3Options = new S3Options
        {
            LifecycleDay = lifecycleDay,
            Region = options.Region,
            AccountId = accountId,
            AccessLog = options.AccessLog,
            AllowCustomerKeysOverHttp = options.AllowCustomerKeysOverHttp,
        };
        var keyService = new KeyService(stores.Kms, masterKeys, clock, new KmsArns(options.Region, accountId));
        // Intelligent-Tiering moves versions between access tiers with the transitions' copy and commit.
        var transitions = new StorageClassTransitions(metadata, blobs, releaser, clock);
        var tierMoves = new AccessTierMoves(blobs, transitions, clock);
        var objects = new ObjectEngine(
            metadata, blobs, releaser, clock, new BlobSealing(masterKeys, keyService), new AccessRecorder(metadata, tierMoves, lifecycleDay, clock));

        // The lifecycle worker takes the storage class transitions from the container, where they may be registered
        // or not (then due transitions are counted and logged, not made); the admin API reaches it once it is built.
        IServiceProvider? built = null;
        var lifecycle = new Lazy<LifecycleWorker>(() => built!.GetRequiredService<LifecycleWorker>());
        var restores = new ArchiveRestores(metadata, blobs, objects, releaser, clock, lifecycleDay, options.RestoreDelays, tierMoves);
        var services = new S3Services(
            s3Options,
            router,
            new RequestAuthenticator(keys, new AuthenticationOptions { Region = options.Region, VirtualHostDomains = domains }, clock),
            new BucketEngine(metadata, clock, bucketChanges),
            new BucketSettings(metadata, bucketChanges, clock),
            objects,
            new ObjectLister(metadata),
            new VersionLister(metadata),
            new MultipartEngine(metadata, blobs, releaser, objects, clock),
            new UploadLister(metadata),
            clock)
        {
            IdentityPolicies = new StoredIdentityPolicies(identityPolicies),
            Restores = restores,
            QueryApi = new QueryApiServices(
                new IamEndpoint(identityStore, secrets, clock, accountId, identityPolicies),
                new StsEndpoint(identityStore, sessions, clock, accountId, identityPolicies),
                new AdminEndpoint(new BucketRewind(metadata, clock), lifecycle, metadata)),
            JsonApi = new JsonApiServices(new KmsEndpoint(keyService, identityPolicies, clock)),
        };

        builder.Services.AddSingleton<IMetadataStore>(metadata);
        builder.Services.AddSingleton<IBlobStore>(blobs);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(services);
        builder.Services.AddSingleton<S3Middleware>();
        builder.Services.AddSingleton<AccessLog>();
        builder.Services.AddSingleton<InFlightRequests>();
        builder.Services.AddSingleton(stores.Deployment);
        builder.Services.AddSingleton(new LeasedJobs(stores.Leases, NodeName.ForThisProcess(), clock));
        if (stores.Changes is { } sharedChanges)
        {
            // Caches on every node watch the changes any node makes (a revoked key refused everywhere within a second).
            identityChanges.ShareThrough(sharedChanges);
            bucketChanges.ShareThrough(sharedChanges);
            builder.Services.AddSingleton(new ChangeFeedWatcher(sharedChanges, [identityChanges, bucketChanges], clock));
            builder.Services.AddHostedService<ChangeFeedService>();
        }

        builder.Services.AddSingleton(new BlobCollector(metadata, blobs, releaser));
        builder.Services.AddHostedService<BlobCollectorService>();
        builder.Services.AddSingleton(restores);
        builder.Services.AddHostedService<RestoreService>();
        builder.Services.AddSingleton<IStorageClassTransitions>(transitions);
        builder.Services.AddSingleton(new IntelligentTieringPass(metadata, blobs, tierMoves, lifecycleDay, clock));
        builder.Services.AddSingleton(lifecycleDay);
        builder.Services.AddSingleton(services =>
            new LifecycleWorker(metadata, releaser, lifecycleDay, clock, services.GetService<IStorageClassTransitions>()));
        builder.Services.AddHostedService<LifecycleService>();

        var app = builder.Build();
        built = app.Services;
        if (tightened > 0)
        {
            Log.DataDirectoryTightened(app.Services.GetRequiredService<ILogger<CofferHost>>(), dataDirectory, tightened);
        }

        if (staleCredentials is not null)
        {
            Log.StoredRootCredentialsStale(app.Services.GetRequiredService<ILogger<CofferHost>>(), staleCredentials);
        }

        // The pipeline: count the request, believe a trusted proxy's forwarded headers, then S3. Forwarded
        // headers come before everything that reads the client's address, scheme or Host: the policy conditions
        // (aws:SourceIp, aws:SecureTransport), routing by Host, and the Host that SigV4 signs.
        // Health first: a balancer's probes are not S3 requests, and a node draining for a stop must still say so.
        app.Use(new HealthEndpoint(metadata, stores.CheckBlobDirectory, router, app.Lifetime).InvokeAsync);
        app.Use(app.Services.GetRequiredService<InFlightRequests>().InvokeAsync);
        if (options.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders(TrustedProxies.ForwardedHeadersOptions(options.TrustedProxies));
        }

        var middleware = app.Services.GetRequiredService<S3Middleware>();
        app.Run(middleware.InvokeAsync);
        return new CofferHost(app, root, accountId, stores, secrets, directoryLock, options.DrainTimeout);
    }

    /// <summary>Timestamps in UTC, ISO 8601 to the millisecond, in both formats: lines from several hosts then sort together.</summary>
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static void AddConsole(ILoggingBuilder logging, LogFormat format)
    {
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = TimestampFormat;
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = TimestampFormat + " ";
                o.UseUtcTimestamp = true;
            });
        }

        // The framework's formatter, written through Coffer's batching provider instead of the framework's own
        // console logger (see BatchedConsoleLoggerProvider for why).
        var formatterName = format == LogFormat.Json ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple;
        foreach (var framework in logging.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
        {
            logging.Services.Remove(framework);
        }

        logging.Services.AddSingleton<ILoggerProvider>(services => new BatchedConsoleLoggerProvider(
            services.GetServices<ConsoleFormatter>().First(f => f.Name == formatterName), Console.Out));
    }

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    /// <summary>
    /// From here on, SIGINT and SIGTERM stop the server, and a second one (or SIGQUIT) ends the process at once (see
    /// <see cref="StopSignals"/>). Called by `coffer server` before it starts, so that no signal finds the process
    /// without a handler; a host embedded in another process (the tests') does not call it.
    /// </summary>
    public StopSignals HandleStopSignals() => new(SignalTarget(), _drainTimeout);

    /// <summary>Has the signals another host handled until now act on this one (the server replaced that host).</summary>
    internal void TakeStopSignals(StopSignals signals) => signals.Follow(SignalTarget());

    private StopSignals.Target SignalTarget() =>
        new(_app.Lifetime, _app.Services.GetRequiredService<InFlightRequests>(), Logger, FlushLogs);

    /// <summary>Stops the host as a first stop signal does: <see cref="RunUntilShutdownAsync"/> then drains and returns.</summary>
    internal void RequestStop() => _app.Lifetime.StopApplication();

    /// <summary>For lines about the host that its owner writes (the server's switch to moved metadata).</summary>
    internal ILoggerFactory Loggers => _app.Services.GetRequiredService<ILoggerFactory>();

    /// <summary>
    /// Runs until asked to stop (see <see cref="HandleStopSignals"/>), then stops accepting, lets the requests in
    /// flight finish within the drain limit, cuts the rest, and says which happened. Returns the exit code: 0.
    /// </summary>
    public async Task<int> RunUntilShutdownAsync()
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        {
            await stopping.Task;
        }

        var inFlight = _app.Services.GetRequiredService<InFlightRequests>();
        var draining = inFlight.Count;
        var started = Stopwatch.GetTimestamp();

        // The host's own limit (ShutdownTimeout) is the same; this one also notes how many were still running when it struck.
        var cut = 0;
        using (var limit = new CancellationTokenSource(_drainTimeout))
        using (limit.Token.Register(() => cut = inFlight.Count))
        {
            await _app.StopAsync(limit.Token);
        }

        if (cut > 0)
        {
            // Cut requests unwind in moments (their reads fail at once), but on a loaded machine two seconds proved too
            // few for their access lines to be written before exit; the wait ends as soon as the last one is done.
            await inFlight.WaitUntilNoneAsync(TimeSpan.FromSeconds(10));
            Log.StoppedAtDrainLimit(Logger, _drainTimeout.TotalSeconds, cut);
        }
        else
        {
            var seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
            Log.Stopped(Logger, draining, seconds);
        }

        return 0;
    }

    private ILogger Logger => _app.Services.GetRequiredService<ILogger<CofferHost>>();

    /// <summary>Disposing the log providers writes out what they queued (the console logger writes on a thread of its own).</summary>
    private void FlushLogs()
    {
        foreach (var provider in _app.Services.GetServices<ILoggerProvider>())
        {
            provider.Dispose();
        }
    }

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

        [LoggerMessage(EventId = 212, Level = LogLevel.Information, Message = "Stopped: {Drained} request(s) drained in {Seconds} s")]
        public static partial void Stopped(ILogger logger, int drained, double seconds);

        [LoggerMessage(
            EventId = 213, Level = LogLevel.Warning,
            Message = "Stopped after the drain limit ({DrainSeconds} s); {Cut} request(s) were cut")]
        public static partial void StoppedAtDrainLimit(ILogger logger, double drainSeconds, int cut);
    }
}
