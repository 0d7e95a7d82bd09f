using Coffer.Engine.Encryption;
using Coffer.Server.Configuration;

namespace Coffer.Server.Credentials;

/// <summary>
/// The master key, which wraps the data key of every SSE-S3 blob (see <see cref="MasterKeyring"/>): 32 random bytes in
/// <c>&lt;data&gt;/master.key</c>, made on first start (mode 0600), or the file <c>--master-key-file</c> names, which
/// must exist. Kept apart from the database, so a copy of the data directory's database and blobs without it opens no
/// encrypted object; back it up, because without it none opens for anyone. While a rotation is under way, the keys it
/// retires are beside it (<see cref="RetiringMasterKeys"/>) and join the ring for unwrapping only.
/// </summary>
public static class MasterKey
{
    public const string FileName = "master.key";

    /// <summary>The key file: the one named, else the data directory's.</summary>
    public static string PathOf(string dataDirectory, string? keyFile) => keyFile ?? Path.Combine(dataDirectory, FileName);

    /// <exception cref="ConfigurationException">A named key file, or the retiring keys beside any key file, cannot be used.</exception>
    public static MasterKeyring LoadRing(string dataDirectory, string? keyFile)
    {
        var path = PathOf(dataDirectory, keyFile);
        var current = keyFile is null ? KeyFile.LoadOrCreate(path, MasterKeyring.KeySize) : Load(path);
        try
        {
            return new MasterKeyring(current, RetiringMasterKeys.Read(path));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ConfigurationException($"the retiring master keys cannot be used: {error.Message}");
        }
    }

    /// <summary>The key in an existing key file.</summary>
    /// <exception cref="ConfigurationException">It is missing, unreadable or not 32 bytes.</exception>
    public static byte[] Load(string keyFile)
    {
        try
        {
            return KeyFile.Load(keyFile, MasterKeyring.KeySize);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ConfigurationException($"the master key file cannot be used: {error.Message}");
        }
    }
}
