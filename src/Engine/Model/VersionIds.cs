using System.Security.Cryptography;

namespace Coffer.Engine.Model;

public static class VersionIds
{
    /// <summary>The version id of every object written while versioning is not enabled (never, or suspended).</summary>
    public const string Null = "null";

    /// <summary>
    /// A new version id: 24 random bytes as 32 characters of base64url, the length and alphabet
    /// <see cref="VersionId"/> accepts. 192 random bits make a repeat as unlikely as a hash collision, so an id is never
    /// reused, even across buckets and after deletes; nothing in it reveals the key or the time.
    /// </summary>
    public static string New() => Base64UrlCompact(RandomNumberGenerator.GetBytes(24));

    private static string Base64UrlCompact(byte[] bytes) =>
        System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
