using Coffer.Engine.Encryption;
using Coffer.Server.Hosting;

namespace Coffer.Server.Credentials;

/// <summary>
/// The master keys a rotation is retiring (see `coffer admin kms rotate-master`), in a file beside the key file:
/// <c>master.key.retiring</c> for <c>master.key</c>, mode 0600, the 32 bytes of each key one after the other and
/// nothing else (the key file's own raw form, repeated). It exists only while a rotation is under way: the server loads
/// these keys to unwrap what they wrapped and wraps nothing new with them, and the rotation removes the file once no
/// wrapped key needs them.
/// </summary>
public static class RetiringMasterKeys
{
    public const string Suffix = ".retiring";

    public static string PathFor(string keyFile) => keyFile + Suffix;

    /// <summary>The retiring keys, oldest first; none when there is no file.</summary>
    /// <exception cref="InvalidDataException">The file is empty or not a whole number of keys.</exception>
    public static IReadOnlyList<byte[]> Read(string keyFile)
    {
        var path = PathFor(keyFile);
        if (!File.Exists(path))
        {
            return [];
        }

        var stored = File.ReadAllBytes(path);
        if (stored.Length == 0 || stored.Length % MasterKeyring.KeySize != 0)
        {
            throw new InvalidDataException($"{path} must hold one or more keys of {MasterKeyring.KeySize} bytes; it holds {stored.Length} bytes.");
        }

        return [.. stored.Chunk(MasterKeyring.KeySize)];
    }

    /// <summary>Replaces the file with <paramref name="keys"/>, atomically (<see cref="PrivateFile.Replace"/>).</summary>
    public static void Write(string keyFile, IEnumerable<byte[]> keys) => PrivateFile.Replace(PathFor(keyFile), [.. keys.SelectMany(key => key)]);

    /// <summary>Ends the rotation: the file goes, durably.</summary>
    public static void Remove(string keyFile) => PrivateFile.Delete(PathFor(keyFile));
}
