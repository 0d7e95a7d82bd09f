using System.Security.Cryptography;
using System.Text.Json;

using Coffer.Server.Configuration;
using Coffer.Server.Hosting;

namespace Coffer.Server.Credentials;

/// <summary>Where the root key pair the server uses came from.</summary>
public enum RootCredentialSource
{
    /// <summary>COFFER_ROOT_USER and COFFER_ROOT_PASSWORD.</summary>
    Environment,

    /// <summary>The data directory's root-credentials.json, written at an earlier first start.</summary>
    StoredFile,

    /// <summary>Made at this start and stored in root-credentials.json.</summary>
    Generated,
}

/// <summary>
/// The root key pair: from COFFER_ROOT_USER / COFFER_ROOT_PASSWORD, or generated on first start
/// and kept in the data directory, readable by the owner only (mode 0600).
/// </summary>
public sealed record RootCredentials(string AccessKeyId, string SecretAccessKey, RootCredentialSource Source)
{
    public const string FileName = "root-credentials.json";

    public bool WasGenerated => Source == RootCredentialSource.Generated;

    /// <summary>The pair from the environment when given, else the stored one, else a new one, stored.</summary>
    public static RootCredentials Load(string dataDirectory, RootCredentials? fromEnvironment)
    {
        if (fromEnvironment is not null)
        {
            return fromEnvironment;
        }

        if (ReadStored(dataDirectory) is { } stored)
        {
            return stored;
        }

        var generated = new StoredCredentials(
            "CF" + RandomString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 18),
            RandomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40));
        try
        {
            PrivateFile.Create(PathIn(dataDirectory), JsonSerializer.SerializeToUtf8Bytes(generated));
        }
        catch (IOException) when (ReadStored(dataDirectory) is { } madeMeanwhile)
        {
            // Another node on the same data directory made its pair first; every node must use that one.
            return madeMeanwhile;
        }

        return new RootCredentials(generated.AccessKeyId, generated.SecretAccessKey, RootCredentialSource.Generated);
    }

    /// <summary>
    /// The root key pair from the environment or the data directory, or null when there is none
    /// yet. Never creates one: `coffer admin` must not invent credentials the server does not know.
    /// </summary>
    /// <exception cref="ConfigurationException">The environment holds half a pair, or one too short.</exception>
    public static RootCredentials? TryRead(string dataDirectory) =>
        RootCredentialSettings.FromEnvironment(System.Environment.GetEnvironmentVariable) ?? ReadStored(dataDirectory);

    /// <summary>
    /// The stored file when it holds another pair than <paramref name="used"/> (credentials in the environment replaced
    /// it), else null. `coffer admin --data` reads that file, so the operator must hear that it is stale.
    /// </summary>
    public static string? StaleFile(string dataDirectory, RootCredentials used) =>
        used.Source == RootCredentialSource.Environment
            && ReadStored(dataDirectory) is { } stored
            && (stored.AccessKeyId != used.AccessKeyId || stored.SecretAccessKey != used.SecretAccessKey)
            ? PathIn(dataDirectory)
            : null;

    public static string PathIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), FileName);

    private static RootCredentials? ReadStored(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<StoredCredentials>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty.");
        return new RootCredentials(stored.AccessKeyId, stored.SecretAccessKey, RootCredentialSource.StoredFile);
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
