using System.Buffers.Binary;

namespace Coffer.Engine.Encryption;

/// <summary>
/// The sealed key of a DSSE-KMS blob: its two data keys, each wrapped on its own by the object's KMS key, stored as one
/// value where every other blob stores one wrapped key (docs/encryption-format.md). Layout:
/// "DSSE" ‖ version (1 byte, 1) ‖ the inner layer's wrapped key length (2 bytes, big-endian) ‖ the inner layer's wrapped
/// key ‖ the outer layer's. A single wrapped key starts with its own version byte (1), never with "D", so the two kinds
/// tell themselves apart without any key.
/// </summary>
public static class DualLayerKey
{
    private const byte Version = 1;

    private const int HeaderSize = 4 + 1 + 2;

    private static ReadOnlySpan<byte> Magic => "DSSE"u8;

    /// <summary>One sealed key holding both layers' wrapped keys.</summary>
    public static byte[] Join(ReadOnlySpan<byte> innerWrapped, ReadOnlySpan<byte> outerWrapped)
    {
        if (innerWrapped.IsEmpty || outerWrapped.IsEmpty || innerWrapped.Length > ushort.MaxValue)
        {
            throw new ArgumentException("Each layer needs a wrapped key, the inner one of at most 65535 bytes.");
        }

        var joined = new byte[HeaderSize + innerWrapped.Length + outerWrapped.Length];
        Magic.CopyTo(joined);
        joined[4] = Version;
        BinaryPrimitives.WriteUInt16BigEndian(joined.AsSpan(5), (ushort)innerWrapped.Length);
        innerWrapped.CopyTo(joined.AsSpan(HeaderSize));
        outerWrapped.CopyTo(joined.AsSpan(HeaderSize + innerWrapped.Length));
        return joined;
    }

    /// <summary>Whether <paramref name="sealedKey"/> is a DSSE-KMS blob's (then split it with <see cref="Split"/>).</summary>
    public static bool Is(ReadOnlySpan<byte> sealedKey) => sealedKey.StartsWith(Magic);

    /// <summary>The two wrapped keys, inner layer first.</summary>
    /// <exception cref="KeyUnwrapException">Not a well-formed dual-layer key: cut, or of an unknown version.</exception>
    public static (byte[] InnerWrapped, byte[] OuterWrapped) Split(ReadOnlySpan<byte> sealedKey)
    {
        if (!Is(sealedKey) || sealedKey.Length <= HeaderSize)
        {
            throw new KeyUnwrapException(KeyUnwrapFailure.Malformed, "Not a dual-layer sealed key.");
        }

        if (sealedKey[4] != Version)
        {
            throw new KeyUnwrapException(KeyUnwrapFailure.UnknownVersion, $"A dual-layer sealed key of version {sealedKey[4]}, which this build does not know.");
        }

        var innerLength = BinaryPrimitives.ReadUInt16BigEndian(sealedKey[5..]);
        if (innerLength == 0 || HeaderSize + innerLength >= sealedKey.Length)
        {
            throw new KeyUnwrapException(KeyUnwrapFailure.Malformed, "A dual-layer sealed key is cut short.");
        }

        return (sealedKey.Slice(HeaderSize, innerLength).ToArray(), sealedKey[(HeaderSize + innerLength)..].ToArray());
    }

    /// <summary>How many layers a blob with this sealed key is sealed in.</summary>
    public static int LayersOf(ReadOnlySpan<byte> sealedKey) => Is(sealedKey) ? SealedFormat.DualLayer : SealedFormat.SingleLayer;
}
