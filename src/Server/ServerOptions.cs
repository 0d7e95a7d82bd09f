using System.Net;

using Coffer.Server.Hosting;

namespace Coffer.Server;

/// <summary>What `coffer server` is told on its command line.</summary>
public sealed record ServerOptions
{
    public string DataDirectory { get; init; } = "./data";

    /// <summary>HOST:PORT to listen on; port 0 picks a free port (tests use it).</summary>
    public string Address { get; init; } = "127.0.0.1:9000";

    public string Region { get; init; } = "us-east-1";

    /// <summary>When set, buckets are also addressed as bucket.DOMAIN (virtual-hosted style).</summary>
    public string? Domain { get; init; }

    /// <summary>Timeouts and rates for slow and idle clients; tests shorten them.</summary>
    public ClientLimits ClientLimits { get; init; } = new();

    /// <summary>
    /// How long a stop (SIGTERM, Ctrl-C) waits for the requests in flight before it cuts them; 30 s by default.
    /// Spelled as <see cref="DurationText"/> reads it: <c>30</c>, <c>30s</c>, <c>2m</c>.
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether every request is logged in one access line at Information; true by default.</summary>
    public bool AccessLog { get; init; } = true;

    /// <summary>How log entries are written to standard output: <see cref="LogFormat.Text"/> (the default) or one JSON object per line.</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>
    /// The reverse proxies (CIDR ranges; a bare address is that address alone) whose X-Forwarded-For, -Proto and
    /// -Host are believed; read by <see cref="Hosting.TrustedProxies.Parse"/>. Empty by default: then no forwarded
    /// header counts, from anywhere, loopback included.
    /// </summary>
    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = [];

    public IPEndPoint ParseAddress()
    {
        var colon = Address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(Address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            throw new ArgumentException($"--address must be HOST:PORT, not '{Address}'.");
        }

        var host = Address[..colon].Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var ip)
            ? new IPEndPoint(ip, port)
            : throw new ArgumentException($"--address host must be an IP address or localhost, not '{host}'.");
    }
}
