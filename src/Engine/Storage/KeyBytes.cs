using System.Text;

namespace Coffer.Engine.Storage;

/// <summary>Keys are stored as their UTF-8 bytes, so that a bytewise comparison (SQLite's memcmp, PostgreSQL's bytea) is S3's order.</summary>
public static class KeyBytes
{
    // Throws on a lone surrogate rather than storing U+FFFD: a key must round-trip exactly.
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Encode(string key) => Strict.GetBytes(key);

    public static string Decode(byte[] stored) => Strict.GetString(stored);
}
