using Coffer.Engine.Encryption;
using Coffer.Server.Configuration;

namespace Coffer.Server.Credentials;

/// <summary>
/// The master key, which wraps the data key of every SSE-S3 blob (see <see cref="MasterKeyring"/>): 32 random bytes in
/// <c>&lt;data&gt;/master.key</c>, made on first start (mode 0600), or the file <c>--master-key-file</c> names, which
/// must exist. Kept apart from the database, so a copy of the data directory's database and blobs without it opens no
/// encrypted object; back it up, because without it none opens for anyone.
/// </summary>
public static class MasterKey
{
    public const string FileName = "master.key";

    public static byte[] Load(string dataDirectory, string? keyFile)
    {
        if (keyFile is null)
        {
            return KeyFile.LoadOrCreate(Path.Combine(dataDirectory, FileName), MasterKeyring.KeySize);
        }

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
