using System.Security.Cryptography;

using Coffer.Engine.Identity;
using Coffer.Server.Hosting;

namespace Coffer.Server.Credentials;

/// <summary>
/// The key that seals users' secret access keys in the metadata database (see
/// <see cref="SecretBox"/>): 32 random bytes in <c>&lt;data&gt;/sealing.key</c>, created on first
/// start, mode 0600. Kept apart from the database so that a copy of the database alone gives
/// away no secret; back both up, because without this file no stored secret opens.
/// </summary>
public static class SealingKey
{
    public const string FileName = "sealing.key";

    public static byte[] Load(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            var key = RandomNumberGenerator.GetBytes(SecretBox.KeySize);
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

        var stored = File.ReadAllBytes(path);
        return stored.Length == SecretBox.KeySize
            ? stored
            : throw new InvalidDataException($"{path} must hold exactly {SecretBox.KeySize} bytes; it holds {stored.Length}.");
    }
}
