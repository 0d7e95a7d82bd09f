using Coffer.Engine.Identity;

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

    public static byte[] Load(string dataDirectory) => KeyFile.LoadOrCreate(Path.Combine(dataDirectory, FileName), SecretBox.KeySize);
}
