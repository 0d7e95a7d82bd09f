using System.Text;

namespace Coffer.Engine.Listing;

/// <summary>
/// How listings group keys into common prefixes, and how they seek past one: to the prefix
/// followed by byte 0xFF, which no UTF-8 key contains, so every key of the prefix is skipped at once.
/// </summary>
/// <remarks>
/// The SQLite store does the same grouping on the keys' UTF-8 bytes inside SQL (<c>GroupedScanQuery</c>):
/// UTF-8 is self-synchronizing, so the delimiter's bytes occur in a key's bytes exactly where the
/// delimiter occurs in the key.
/// </remarks>
public static class KeyGrouping
{
    private const byte PastEveryUtf8Byte = 0xFF;

    /// <summary>The common prefix <paramref name="key"/> falls under, or null when it is listed on its own.</summary>
    public static string? CommonPrefixOf(string key, string prefix, string delimiter)
    {
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + delimiter.Length)];
    }

    /// <summary>A position after every key that starts with <paramref name="commonPrefix"/>.</summary>
    public static byte[] PastPrefix(string commonPrefix)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(commonPrefix) + 1];
        Encoding.UTF8.GetBytes(commonPrefix, bytes);
        bytes[^1] = PastEveryUtf8Byte;
        return bytes;
    }

    /// <summary>
    /// The length in bytes of the common prefix the UTF-8 <paramref name="key"/> falls under, or 0 when it is listed on its
    /// own (or <paramref name="delimiter"/> is empty). UTF-8 is self-synchronizing, so this agrees with <see cref="CommonPrefixOf"/>.
    /// </summary>
    public static int CommonPrefixLength(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> delimiter)
    {
        if (delimiter.IsEmpty || !key.StartsWith(prefix))
        {
            return 0;
        }

        var at = key[prefix.Length..].IndexOf(delimiter);
        return at < 0 ? 0 : prefix.Length + at + delimiter.Length;
    }

    /// <summary>A position after every key that starts with the UTF-8 <paramref name="commonPrefix"/>.</summary>
    public static byte[] PastPrefix(ReadOnlySpan<byte> commonPrefix) => [.. commonPrefix, PastEveryUtf8Byte];
}
