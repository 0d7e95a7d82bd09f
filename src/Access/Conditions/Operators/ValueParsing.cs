using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Coffer.Access.Conditions.Operators;

internal delegate bool ValueParser<T>(string text, out T value);

/// <summary>How condition values of each type are read, in policies and in requests alike.</summary>
internal static class ValueParsing
{
    /// <summary>Parses every policy value at load time, so a typo fails the upload, not a later request.</summary>
    public static T[] ParseAll<T>(ConditionSite site, IReadOnlyList<string> values, string type, ValueParser<T> parse)
    {
        var parsed = new T[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (!parse(values[i], out parsed[i]))
            {
                throw site.InvalidValue(type, values[i]);
            }
        }

        return parsed;
    }

    public static bool TryParseNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>ISO 8601 (a date, or a date and time; UTC unless an offset is given) or epoch seconds.</summary>
    public static bool TryParseDate(string text, out DateTimeOffset value)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epochSeconds)
            && epochSeconds >= DateTimeOffset.MinValue.ToUnixTimeSeconds()
            && epochSeconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            value = DateTimeOffset.FromUnixTimeSeconds(epochSeconds);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    public static bool TryParseBool(string text, out bool value)
    {
        value = string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
        return value || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase);
    }

    public static bool TryParseBase64(string text, out byte[] value)
    {
        var buffer = new byte[text.Length];
        var ok = Convert.TryFromBase64String(text, buffer, out var written);
        value = ok ? buffer[..written] : [];
        return ok;
    }

    /// <summary>
    /// A CIDR block, or a bare address meaning just that address. Host bits set below the prefix
    /// are cleared (<c>192.0.2.7/24</c> is <c>192.0.2.0/24</c>) rather than refused: people write
    /// their own address with a mask.
    /// </summary>
    public static bool TryParseNetwork(string text, out IPNetwork value)
    {
        value = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address))
        {
            return false;
        }

        address = Normalize(address);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return false;
        }

        value = new IPNetwork(ClearHostBits(address, prefix), prefix);
        return true;
    }

    public static bool TryParseAddress(string text, out IPAddress value)
    {
        var ok = IPAddress.TryParse(text, out var parsed);
        value = ok ? Normalize(parsed!) : IPAddress.None;
        return ok;
    }

    // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; policies write them as IPv4.
    private static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPAddress ClearHostBits(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
