using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Coffer.S3.Http;

/// <summary>
/// The one percent-encoder and decoder of the S3 layer: request paths and copy sources are decoded
/// here, listings under encoding-type=url are encoded here, and so is SigV4's UriEncode. Clients disagree on which characters they escape on the wire
/// ('+', '=', '@', '~' and friends), but every SDK signs the UriEncode of the decoded bytes. Decoding
/// what was sent and encoding it again therefore rebuilds what the client signed, however it escaped.
/// </summary>
internal static class UriEncoding
{
    private const string HexDigits = "0123456789ABCDEF";

    private const string UnreservedCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

    private static readonly SearchValues<char> Unreserved = SearchValues.Create(UnreservedCharacters);

    private static readonly SearchValues<char> UnreservedOrSlash = SearchValues.Create(UnreservedCharacters + "/");

    /// <summary>
    /// The canonical URI of a raw request path. S3 neither normalises dot segments nor double-encodes
    /// (unlike other AWS services). An escaped slash stays escaped: it is part of a key, not a separator,
    /// and the client signed it as "%2F".
    /// </summary>
    public static string CanonicalPath(string rawPath)
    {
        if (rawPath.Length == 0)
        {
            return "/";
        }

        if (IsCanonical(rawPath, keepLiteralSlash: true))
        {
            return rawPath;
        }

        var builder = new StringBuilder(rawPath.Length + 16);
        AppendEncoded(builder, rawPath, keepLiteralSlash: true);
        return builder.ToString();
    }

    /// <summary>
    /// UriEncode of a query name or value as sent (decoded first): everything but the unreserved
    /// set is escaped, '/' too. The raw text itself when it is already so.
    /// </summary>
    public static string CanonicalQueryComponent(string raw)
    {
        if (IsCanonical(raw, keepLiteralSlash: false))
        {
            return raw;
        }

        var builder = new StringBuilder(raw.Length + 16);
        AppendEncoded(builder, raw, keepLiteralSlash: false);
        return builder.ToString();
    }

    /// <summary>
    /// Whether encoding would give back <paramref name="raw"/> unchanged, as it does for what most
    /// clients send (their own encoder wrote it): only unreserved characters, '/' where kept, and
    /// upper-case escapes of bytes that must stay escaped. Checking is cheaper than re-encoding.
    /// </summary>
    private static bool IsCanonical(ReadOnlySpan<char> raw, bool keepLiteralSlash)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if ((c < 0x80 && IsUnreserved((byte)c)) || (c == '/' && keepLiteralSlash))
            {
                continue;
            }

            if (!TryReadEscape(raw, i, out var escaped) || IsUnreserved(escaped)
                || !char.IsAsciiHexDigitUpper(raw[i + 1]) || !char.IsAsciiHexDigitUpper(raw[i + 2]))
            {
                return false;
            }

            i += 2;
        }

        return true;
    }

    /// <summary>
    /// Percent-encodes text (already decoded: a '%' in it is a percent sign) as the UTF-8 bytes of
    /// each character; everything but the unreserved set is escaped, and '/' too unless kept.
    /// </summary>
    public static string EncodeText(string text, bool keepSlash)
    {
        // Most keys of a listing need no escape at all: return them as they are, and otherwise
        // copy the clean run before the first escape at once.
        var clean = text.AsSpan().IndexOfAnyExcept(keepSlash ? UnreservedOrSlash : Unreserved);
        if (clean < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16).Append(text, 0, clean);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = clean; i < text.Length; i++)
        {
            if (text[i] == '/' && keepSlash)
            {
                builder.Append('/');
                continue;
            }

            var length = CharLength(text, i);
            var written = Encoding.UTF8.GetBytes(text.AsSpan(i, length), utf8);
            foreach (var b in utf8[..written])
            {
                AppendByte(builder, b);
            }

            i += length - 1;
        }

        return builder.ToString();
    }

    /// <summary>
    /// Decodes %XX escapes, refusing a result that is not valid UTF-8 (a key must be text), where
    /// <see cref="Decode"/> would substitute U+FFFD.
    /// </summary>
    public static bool TryDecodeStrict(ReadOnlySpan<char> raw, [NotNullWhen(true)] out string? decoded)
    {
        decoded = DecodeOrNull(raw, StrictUtf8);
        return decoded is not null;
    }

    /// <summary>Decodes %XX escapes into UTF-8 text. '+' stays '+': S3 keys and signing treat it as a plus sign.</summary>
    public static string Decode(ReadOnlySpan<char> raw) => DecodeOrNull(raw, Encoding.UTF8)!;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Null only when <paramref name="utf8"/> throws on invalid bytes and they occur.</summary>
    private static string? DecodeOrNull(ReadOnlySpan<char> raw, Encoding utf8)
    {
        if (!raw.Contains('%'))
        {
            return raw.ToString();
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(raw.Length));
        try
        {
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                if (TryReadEscape(raw, i, out var escaped))
                {
                    rented[length++] = escaped;
                    i += 2;
                }
                else
                {
                    length += Encoding.UTF8.GetBytes(raw.Slice(i, CharLength(raw, i)), rented.AsSpan(length));
                    i += CharLength(raw, i) - 1;
                }
            }

            try
            {
                return utf8.GetString(rented, 0, length);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void AppendEncoded(StringBuilder builder, ReadOnlySpan<char> raw, bool keepLiteralSlash)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (TryReadEscape(raw, i, out var escaped))
            {
                AppendByte(builder, escaped);
                i += 2;
            }
            else if (c == '/' && keepLiteralSlash)
            {
                builder.Append('/');
            }
            else if (c < 0x80)
            {
                AppendByte(builder, (byte)c);
            }
            else
            {
                // Kestrel hands over ASCII targets, but a test or another server may not: sign non-ASCII as
                // its UTF-8 bytes, which is what the client's own encoder did.
                var length = CharLength(raw, i);
                var written = Encoding.UTF8.GetBytes(raw.Slice(i, length), utf8);
                foreach (var b in utf8[..written])
                {
                    AppendByte(builder, b);
                }

                i += length - 1;
            }
        }
    }

    private static void AppendByte(StringBuilder builder, byte b)
    {
        if (IsUnreserved(b))
        {
            builder.Append((char)b);
            return;
        }

        builder.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
    }

    private static bool IsUnreserved(byte b)
    {
        return b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
    }

    /// <summary>A '%' that is not followed by two hex digits is an ordinary character, as lenient decoders treat it.</summary>
    private static bool TryReadEscape(ReadOnlySpan<char> raw, int index, out byte value)
    {
        if (raw[index] == '%' && index + 2 < raw.Length && char.IsAsciiHexDigit(raw[index + 1]) && char.IsAsciiHexDigit(raw[index + 2]))
        {
            value = (byte)((HexValue(raw[index + 1]) << 4) | HexValue(raw[index + 2]));
            return true;
        }

        value = 0;
        return false;
    }

    private static int HexValue(char c)
    {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }

    private static int CharLength(ReadOnlySpan<char> raw, int index)
    {
        return char.IsHighSurrogate(raw[index]) && index + 1 < raw.Length && char.IsLowSurrogate(raw[index + 1]) ? 2 : 1;
    }
}
