namespace Coffer.Server.Hosting;

/// <summary>
/// How long Coffer waits for slow and silent clients. Each is set here on purpose rather than left to
/// Kestrel's defaults, so that the numbers are written down (README, docs/reliability.md) and tests can
/// shorten them.
/// </summary>
public sealed record ClientLimits
{
    /// <summary>
    /// The whole request head (request line and headers) must arrive within this time; a client trickling
    /// header bytes ("slowloris") is then disconnected. Kestrel's default, kept.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An idle keep-alive connection is closed after this long. Longer than the idle timeouts of the
    /// SDKs' connection pools (the AWS SDKs and Go's net/http keep idle connections 60–90 s), so that the
    /// client closes first and never reuses a connection the server is closing.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(130);

    /// <summary>
    /// A request body must average at least this many bytes per second once <see cref="DataRateGracePeriod"/>
    /// has passed; slower uploads fail with S3's 400 RequestTimeout and leave nothing behind. 240 B/s is
    /// Kestrel's default: only a stalled client falls below it.
    /// </summary>
    public double MinBodyBytesPerSecond { get; init; } = 240;

    /// <summary>
    /// A response (a GET's body) must be taken at least this fast once the grace period has passed; a
    /// client that stops reading is disconnected and its blob handle released.
    /// </summary>
    public double MinResponseBytesPerSecond { get; init; } = 240;

    /// <summary>
    /// How long a transfer may stall before the rates above apply: S3 drops a socket that is neither read
    /// nor written for about 20 s (its RequestTimeout error), and Coffer gives the same time.
    /// </summary>
    public TimeSpan DataRateGracePeriod { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The longest request line. Kestrel's 8 KiB default is too short for a 1,024-byte key of
    /// multi-byte characters, percent-encoded (up to 3 KiB on its own), in a presigned URL that also
    /// carries a session token and response-header overrides.
    /// </summary>
    public int MaxRequestLineBytes { get; init; } = 16 * 1024;
}
