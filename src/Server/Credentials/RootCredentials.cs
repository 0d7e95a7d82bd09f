using System.Security.Cryptography;
using System.Text.Json;

using Coffer.Server.Hosting;

namespace Coffer.Server.Credentials;

/// <summary>
/// The root key pair: from COFFER_ROOT_USER / COFFER_ROOT_PASSWORD, or generated on first start
/// and kept in the data directory, readable by the owner only (mode 0600).
/// </summary>
public sealed record RootCredentials(string AccessKeyId, string SecretAccessKey, bool WasGenerated)
{
    public const string FileName = "root-credentials.json";

    public static RootCredentials Load(string dataDirectory)
    {
        if (TryRead(dataDirectory) is { } existing)
        {
            return existing;
        }

        var path = Path.Combine(dataDirectory, FileName);
        var generated = new StoredCredentials(
            "CF" + RandomString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 18),
            RandomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40));
        PrivateFile.Create(path, JsonSerializer.SerializeToUtf8Bytes(generated));
        return new RootCredentials(generated.AccessKeyId, generated.SecretAccessKey, true);
    }

    /// <summary>
    /// The root key pair from the environment or the data directory, or null when there is none
    /// yet. Never creates one: `coffer admin` must not invent credentials the server does not know.
    /// </summary>
    public static RootCredentials? TryRead(string dataDirectory)
    {
        var user = Environment.GetEnvironmentVariable("COFFER_ROOT_USER");
        var password = Environment.GetEnvironmentVariable("COFFER_ROOT_PASSWORD");
        if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password))
        {
            return new RootCredentials(user, password, false);
        }

        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<StoredCredentials>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty.");
        return new RootCredentials(stored.AccessKeyId, stored.SecretAccessKey, false);
    }

    private static string RandomString(string alphabet, int length) =>
        string.Create(length, alphabet, static (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });

    private sealed record StoredCredentials(string AccessKeyId, string SecretAccessKey);
}
