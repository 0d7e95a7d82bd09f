using System.Security.Cryptography;

using Coffer.Server.Hosting;

namespace Coffer.Server.Credentials;

/// <summary>A file of random key bytes in the data directory, made (mode 0600) on first start and read on every later one.</summary>
public static class KeyFile
{
    public static byte[] LoadOrCreate(string path, int size)
    {
        if (!File.Exists(path))
        {
            var key = RandomNumberGenerator.GetBytes(size);
            try
            {
                PrivateFile.Create(path, key);
                return key;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
        }

        return Load(path, size);
    }

    /// <exception cref="InvalidDataException">The file does not hold exactly <paramref name="size"/> bytes.</exception>
    public static byte[] Load(string path, int size)
    {
        var stored = File.ReadAllBytes(path);
        return stored.Length == size
            ? stored
            : throw new InvalidDataException($"{path} must hold exactly {size} bytes; it holds {stored.Length}.");
    }
}
