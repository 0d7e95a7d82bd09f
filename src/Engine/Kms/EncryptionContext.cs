using System.Text;

namespace Coffer.Engine.Kms;

/// <summary>
/// KMS's encryption context: name-value pairs bound into a ciphertext, which must be given again, exactly, to decrypt
/// it. Order does not matter, so the pairs are bound in one canonical form: sorted by name (ordinal), each name and value
/// as UTF-8 preceded by its length.
/// </summary>
public static class EncryptionContext
{
    public static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    /// <summary>The bytes bound into the ciphertext's associated data.</summary>
    public static byte[] Canonical(IReadOnlyDictionary<string, string>? context)
    {
        using var bytes = new MemoryStream();
        using var writer = new BinaryWriter(bytes, Encoding.UTF8);
        var pairs = (context ?? None).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        writer.Write(pairs.Count);
        foreach (var (name, value) in pairs)
        {
            // BinaryWriter writes a string as its UTF-8 length (7-bit encoded) and bytes: unambiguous, so no two
            // different contexts share a form.
            writer.Write(name);
            writer.Write(value);
        }

        writer.Flush();
        return bytes.ToArray();
    }
}
