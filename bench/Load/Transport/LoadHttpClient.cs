using System.Net;

namespace Coffer.Bench.Load.Transport;

/// <summary>
/// The one HttpClient all workers share. One pooled handler with as many HTTP/1.1 connections as workers, kept open for
/// the whole run: connection setup, proxies, decompression and timeouts would otherwise show up in the latencies.
/// </summary>
internal static class LoadHttpClient
{
    public static HttpClient Create(int concurrency)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        };
        return new HttpClient(handler)
        {
            // A 1 GiB body on a busy machine can take minutes; the run's own bounds stop it, not a timeout.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}
