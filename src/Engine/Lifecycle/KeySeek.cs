using System.Text;

namespace Coffer.Engine.Lifecycle;

/// <summary>Positions for scans that take "after this byte string" and must start at a key itself.</summary>
internal static class KeySeek
{
    /// <summary>
    /// A byte string that sorts before <paramref name="key"/> with no UTF-8 key between them, so that a scan "after" it
    /// starts at the key. The last byte goes one down and 0xFF follows it, a byte UTF-8 never holds; a last byte of
    /// zero is dropped instead.
    /// </summary>
    public static byte[] JustBefore(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        if (bytes.Length == 0)
        {
            return [];
        }

        if (bytes[^1] == 0)
        {
            return bytes[..^1];
        }

        var before = new byte[bytes.Length + 1];
        bytes.CopyTo(before, 0);
        before[^2]--;
        before[^1] = 0xFF;
        return before;
    }
}
