using System.Net;

using Coffer.Server.Credentials;
using Coffer.Server.Hosting;

namespace Coffer.Server;

/// <summary>
/// What `coffer server` runs with, every value already parsed and checked (Configuration/ServerConfiguration reads
/// them from flags, COFFER_* variables and the config file; tests set them directly).
/// </summary>
public sealed record ServerOptions
{
    public string DataDirectory { get; init; } = "./data";

    /// <summary>
    /// The PostgreSQL database every node of a deployment keeps its metadata in (a <c>postgresql://</c> URI or Npgsql's
    /// form); null keeps it in embedded SQLite inside <see cref="DataDirectory"/>, which one server then holds alone.
    /// </summary>
    public string? Metadata { get; init; }

    /// <summary>Where to listen; port 0 picks a free port (tests use it).</summary>
    public IPEndPoint Address { get; init; } = new(IPAddress.Loopback, 9000);

    public string Region { get; init; } = "us-east-1";

    /// <summary>When set, buckets are also addressed as bucket.DOMAIN (virtual-hosted style).</summary>
    public string? Domain { get; init; }

    /// <summary>The root key pair from COFFER_ROOT_USER/COFFER_ROOT_PASSWORD; null uses the stored (or a generated) one.</summary>
    public RootCredentials? RootCredentials { get; init; }

    /// <summary>The config file the settings were read from, if any (the banner names it).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Timeouts and rates for slow and idle clients; tests shorten them.</summary>
    public ClientLimits ClientLimits { get; init; } = new();

    /// <summary>
    /// How long a stop (SIGTERM, Ctrl-C) waits for the requests in flight before it cuts them; 30 s by default.
    /// Spelled as <see cref="DurationText"/> reads it: <c>30</c>, <c>30s</c>, <c>2m</c>.
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The file of the master key (SSE-S3); null keeps it in the data directory (<see cref="MasterKey"/>).</summary>
    public string? MasterKeyFile { get; init; }

    /// <summary>Whether every request is logged in one access line at Information; true by default.</summary>
    public bool AccessLog { get; init; } = true;

    /// <summary>
    /// Whether SSE-C keys may come over plain HTTP from any client. Off: as S3, a key must come over TLS (X-Forwarded-Proto
    /// https from a trusted proxy counts), or from a loopback client, whose key crosses no network.
    /// </summary>
    public bool AllowCustomerKeysOverHttp { get; init; }

    /// <summary>How log entries are written to standard output: <see cref="LogFormat.Text"/> (the default) or one JSON object per line.</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>
    /// The reverse proxies (CIDR ranges; a bare address is that address alone) whose X-Forwarded-For, -Proto and
    /// -Host are believed; read by <see cref="Hosting.TrustedProxies.Parse"/>. Empty by default: then no forwarded
    /// header counts, from anywhere, loopback included.
    /// </summary>
    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>The storage classes kept outside the data directory, and where (<c>--tier</c>); none by default.</summary>
    public IReadOnlyList<Engine.Tiers.TierLocation> Tiers { get; init; } = [];

    /// <summary>The least time a restore of each retrieval tier takes (<c>--restore-delay</c>); none by default.</summary>
    public Engine.Archive.RestoreDelays RestoreDelays { get; init; } = Engine.Archive.RestoreDelays.None;

    /// <summary>
    /// How long a lifecycle day lasts: null for real days (S3's, counted to midnight UTC), or a few seconds, so that
    /// tests and trials see rules act without waiting days. The lifecycle worker runs a pass once per day of this length.
    /// </summary>
    public TimeSpan? LifecycleDayLength { get; init; }
}
