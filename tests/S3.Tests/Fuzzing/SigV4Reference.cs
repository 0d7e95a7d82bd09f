using System.Globalization;
using System.Text;

namespace Coffer.S3.Tests.Fuzzing;

/// <summary>
/// The canonicalization steps of SigV4, written a second time from the AWS text ("Create a canonical
/// request", sig-v4-header-based-auth.html) and as plainly as possible: bytes in, bytes out, no fast
/// paths. The fuzz targets compare the production code with it on generated requests.
/// </summary>
internal static class SigV4Reference
{
    /// <summary>
    /// CanonicalURI for S3: each segment between literal slashes is decoded to bytes and UriEncoded on
    /// its own, so an escaped slash stays part of its segment. No dot-segment normalisation.
    /// </summary>
    public static string CanonicalUri(string rawPath)
    {
        if (rawPath.Length == 0)
        {
            return "/";
        }

        return string.Join('/', rawPath.Split('/').Select(segment => UriEncode(PercentDecode(segment))));
    }

    /// <summary>CanonicalQueryString: every parameter decoded and UriEncoded, sorted by encoded name then value.</summary>
    public static string CanonicalQuery(string rawQuery)
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (var pair in rawQuery.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            pairs.Add((UriEncode(PercentDecode(name)), UriEncode(PercentDecode(value))));
        }

        return string.Join('&', pairs
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>A header's canonical value: each value trimmed, runs of spaces made one, repeated values joined with ','.</summary>
    public static string CanonicalHeaderValue(IEnumerable<string> values)
    {
        return string.Join(',', values.Select(value =>
        {
            var trimmed = value.Trim();
            while (trimmed.Contains("  ", StringComparison.Ordinal))
            {
                trimmed = trimmed.Replace("  ", " ", StringComparison.Ordinal);
            }

            return trimmed;
        }));
    }

    /// <summary>
    /// UriEncode(): A–Z, a–z, 0–9, '-', '.', '_' and '~' as they are; every other byte as %XY with
    /// upper-case hex digits.
    /// </summary>
    public static string UriEncode(byte[] bytes)
    {
        var builder = new StringBuilder();
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>The bytes a client meant: "%XY" is byte XY; anything else (a stray '%' too) is its own UTF-8.</summary>
    public static byte[] PercentDecode(string raw)
    {
        var bytes = new List<byte>();
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] == '%' && i + 2 < raw.Length
                && byte.TryParse(raw.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var escaped))
            {
                bytes.Add(escaped);
                i += 3;
                continue;
            }

            var length = char.IsSurrogatePair(raw, i) ? 2 : 1;
            bytes.AddRange(Encoding.UTF8.GetBytes(raw.Substring(i, length)));
            i += length;
        }

        return [.. bytes];
    }
}
