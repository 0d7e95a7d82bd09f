using System.Text;

namespace Coffer.TestKit.Signing;

/// <summary>
/// SigV4's percent-encoding: every byte but the unreserved <c>A-Z a-z 0-9 - _ . ~</c> becomes <c>%XX</c> (upper-case hex).
/// The same text goes into the URL and into the canonical request, so what is signed is what is sent.
/// </summary>
public static class UriEncoding
{
    public static string Encode(string value, bool keepSlash)
    {
        var builder = new StringBuilder(value.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++)
            {
                var b = utf8[i];
                if (IsUnreserved(b) || (keepSlash && b == '/'))
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
                }
            }
        }

        return builder.ToString();
    }

    private static bool IsUnreserved(byte b)
    {
        return b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
    }

    private static char HexDigit(int nibble)
    {
        return (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
    }
}
