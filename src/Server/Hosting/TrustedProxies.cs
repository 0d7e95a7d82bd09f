using System.Net;

using Microsoft.AspNetCore.HttpOverrides;

using IPNetwork = System.Net.IPNetwork;

namespace Coffer.Server.Hosting;

/// <summary>
/// The reverse proxies whose X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host Coffer believes. A
/// forwarded header from anyone else is a claim the client makes about itself: believed, it would let a
/// caller choose its own aws:SourceIp or aws:SecureTransport, or the Host that routes and signs the request.
/// </summary>
public static class TrustedProxies
{
    /// <summary>Ranges separated by commas: <c>10.0.0.0/8,192.168.1.5</c>; a bare address is that address alone (/32 or /128).</summary>
    /// <exception cref="ArgumentException">A range is not an address or CIDR range; the message names it.</exception>
    public static IReadOnlyList<IPNetwork> Parse(string? text)
    {
        var networks = new List<IPNetwork>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(part, out var network))
            {
                networks.Add(network);
            }
            else if (!part.Contains('/') && IPAddress.TryParse(part, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                throw new ArgumentException(
                    $"'{part}' is not an IP address or a CIDR range such as 10.0.0.0/8");
            }
        }

        return networks;
    }

    /// <summary>
    /// ASP.NET Core's forwarded-headers settings for these proxies. Its defaults trust loopback; here only the
    /// configured ranges count. With no limit on the number of entries, a chain of trusted proxies is walked from
    /// the right, and the client is the first address that is not one of them.
    /// </summary>
    public static ForwardedHeadersOptions ForwardedHeadersOptions(IReadOnlyList<IPNetwork> proxies)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            ForwardLimit = null,
        };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var network in proxies)
        {
            options.KnownIPNetworks.Add(network);
        }

        return options;
    }
}
