using System.Security.Cryptography;

namespace Coffer.Engine.Model;

public static class VersionIds
{
    /// <summary>The version id of every object written while versioning is not enabled (never, or suspended).</summary>
    public const string Null = "null";

    /// <summary>
    /// A new version id: 24 random bytes as 32 characters of base64url, the length and alphabet
    /// <see cref="VersionId"/> accepts. 192 random bits make a repeat as unlikely as a hash collision, so an id is never
    /// reused, even across buckets and after deletes; nothing in it reveals the key or the time. It never begins with
    /// '-': command-line tools (the aws CLI among them) would read <c>--version-id -x…</c> as another option, so one
    /// id in 64 could not be typed after its flag. Drawing again keeps the rest uniform.
    /// </summary>
    public static string New()
    {
        while (true)
        {
            var id = Base64UrlCompact(RandomNumberGenerator.GetBytes(24));
            if (id[0] != '-')
            {
                return id;
            }
        }
    }

    private static string Base64UrlCompact(byte[] bytes) =>
        System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
