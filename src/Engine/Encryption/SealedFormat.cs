using System.Buffers.Binary;

namespace Coffer.Engine.Encryption;

/// <summary>
/// The layout of a sealed blob (issue 16; docs/encryption-format.md says the same in prose).
/// <list type="number">
/// <item>The plaintext is cut into segments of <see cref="SegmentSize"/> bytes; the last may be
/// shorter. An empty plaintext is one empty segment, so that even an empty blob carries a tag and
/// is authenticated.</item>
/// <item>Each segment is sealed with AES-256-GCM under the blob's own key (see
/// <see cref="BlobKeys"/>) and stored as its ciphertext followed by the 16-byte tag. Nothing else
/// is stored: no header, no nonces, no lengths; the metadata row knows the plaintext length, and
/// <see cref="SealedLength"/> follows from it.</item>
/// <item>The 96-bit nonce is the segment index (big-endian, 8 bytes), three zero bytes, and a last
/// byte that is 1 for the final segment and 0 for the others. A segment moved to another position
/// does not open, and neither does a blob cut at a segment boundary: its new last segment was not
/// sealed as final.</item>
/// <item>The associated data of every segment is the caller's blob context (which object, which
/// part), so a sealed blob handed to another object's metadata does not open either.</item>
/// </list>
/// Nonces repeat across blobs, never under one key: every blob has its own key, derived from the
/// object's data key and the blob's ordinal.
/// </summary>
internal static class SealedFormat
{
    /// <summary>
    /// Plaintext bytes per segment. A ranged read decrypts at most one partial segment at each end,
    /// and the sealed size grows by 16 bytes per 64 KiB (0.02%).
    /// </summary>
    public const int SegmentSize = 64 * 1024;

    public const int TagSize = 16;

    public const int NonceSize = 12;

    public const int KeySize = 32;

    public const int SealedSegmentSize = SegmentSize + TagSize;

    /// <summary>How many segments a plaintext of <paramref name="plainLength"/> bytes is sealed as: at least one.</summary>
    public static long SegmentCount(long plainLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plainLength);
        return plainLength == 0 ? 1 : ((plainLength - 1) / SegmentSize) + 1;
    }

    public static long SealedLength(long plainLength) => plainLength + (SegmentCount(plainLength) * TagSize);

    /// <summary>
    /// The plaintext length that seals to exactly <paramref name="sealedLength"/> bytes; false when
    /// no plaintext does (shorter than a tag, a last segment of nothing but a tag after full
    /// segments, or a last segment too short to hold one).
    /// </summary>
    public static bool TryGetPlainLength(long sealedLength, out long plainLength)
    {
        plainLength = 0;
        if (sealedLength < TagSize)
        {
            return false;
        }

        var fullSegments = sealedLength / SealedSegmentSize;
        var rest = sealedLength % SealedSegmentSize;
        if (rest == 0)
        {
            plainLength = fullSegments * SegmentSize;
            return true;
        }

        // A short last segment holds at least one byte, except when it is the only one (the empty plaintext).
        if (rest < TagSize || (rest == TagSize && fullSegments > 0))
        {
            return false;
        }

        plainLength = (fullSegments * SegmentSize) + rest - TagSize;
        return true;
    }

    /// <summary>The plaintext length of segment <paramref name="index"/> of a plaintext of <paramref name="plainLength"/> bytes.</summary>
    public static int SegmentPlainLength(long plainLength, long index) =>
        (int)Math.Min(SegmentSize, plainLength - (index * SegmentSize));

    public static void WriteNonce(Span<byte> nonce, long index, bool final)
    {
        BinaryPrimitives.WriteInt64BigEndian(nonce, index);
        nonce[8..^1].Clear();
        nonce[^1] = final ? (byte)1 : (byte)0;
    }
}
