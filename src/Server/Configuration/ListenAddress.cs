using System.Globalization;
using System.Net;

namespace Coffer.Server.Configuration;

/// <summary>The `--address` value: HOST:PORT, checked before anything is created.</summary>
public static class ListenAddress
{
    /// <summary>
    /// Reads HOST:PORT, where HOST is an IPv4 address, a bracketed IPv6 address or `localhost`, and PORT is 0 to
    /// 65535 (0 picks a free port). `:PORT` alone means every IPv4 interface, as in MinIO's `--address :9000`.
    /// </summary>
    /// <exception cref="FormatException">The value is not such an address; the message says what is wrong.</exception>
    public static IPEndPoint Parse(string value)
    {
        var text = value.Trim();
        var colon = text.LastIndexOf(':');
        if (colon < 0 || (text.StartsWith('[') && !text[..colon].EndsWith(']')))
        {
            throw new FormatException(
                $"'{value}' is not HOST:PORT; write for example 127.0.0.1:9000 (this machine only) or 0.0.0.0:9000 (every interface)");
        }

        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            throw new FormatException($"the port of '{value}' must be a number from 0 to 65535 (0 picks a free one), not '{portText}'");
        }

        var host = text[..colon];
        if (host.Length == 0)
        {
            return new IPEndPoint(IPAddress.Any, port);
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        var literal = bracketed ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var ip) && (bracketed == (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)))
        {
            return new IPEndPoint(ip, port);
        }

        throw new FormatException(
            $"the host of '{value}' must be an IP address (IPv6 in brackets, e.g. [::1]) or localhost, not '{host}'; 0.0.0.0 listens on every interface");
    }

    /// <summary>How an endpoint is written back in messages: the form <see cref="Parse"/> reads.</summary>
    public static string Format(IPEndPoint endpoint) => endpoint.ToString();
}
