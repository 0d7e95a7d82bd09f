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
/// <para>
/// DSSE-KMS seals in two layers: a segment is sealed under the inner layer's key, and its
/// ciphertext and tag are sealed again, whole, under the outer layer's, so each segment carries one
/// tag per layer (inner first, then outer) and still opens on its own. The lengths below take the
/// number of layers; everything else is the same for one layer or two.
/// </para>
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

    /// <summary>The layers of SSE-S3, SSE-KMS and SSE-C.</summary>
    public const int SingleLayer = 1;

    /// <summary>The layers of DSSE-KMS.</summary>
    public const int DualLayer = 2;

    /// <summary>The bytes a segment grows by when sealed: one tag per layer.</summary>
    public static int Overhead(int layers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, SingleLayer);
        return layers * TagSize;
    }

    /// <summary>The sealed length of a full segment.</summary>
    public static int SealedSegmentSize(int layers) => SegmentSize + Overhead(layers);

    /// <summary>How many layers a data key of <paramref name="dataKeyLength"/> bytes seals with: one per 32-byte key, inner first.</summary>
    public static int LayersOf(int dataKeyLength) =>
        dataKeyLength > 0 && dataKeyLength % KeySize == 0 && dataKeyLength / KeySize <= DualLayer
            ? dataKeyLength / KeySize
            : throw new ArgumentException($"A data key is {KeySize} bytes per layer, one or two layers.", nameof(dataKeyLength));

    /// <summary>How many segments a plaintext of <paramref name="plainLength"/> bytes is sealed as: at least one.</summary>
    public static long SegmentCount(long plainLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plainLength);
        return plainLength == 0 ? 1 : ((plainLength - 1) / SegmentSize) + 1;
    }

    public static long SealedLength(long plainLength, int layers) => plainLength + (SegmentCount(plainLength) * Overhead(layers));

    /// <summary>
    /// The plaintext length that seals to exactly <paramref name="sealedLength"/> bytes; false when
    /// no plaintext does (shorter than the tags, a last segment of nothing but tags after full
    /// segments, or a last segment too short to hold them).
    /// </summary>
    public static bool TryGetPlainLength(long sealedLength, int layers, out long plainLength)
    {
        plainLength = 0;
        var overhead = Overhead(layers);
        if (sealedLength < overhead)
        {
            return false;
        }

        var fullSegments = sealedLength / SealedSegmentSize(layers);
        var rest = sealedLength % SealedSegmentSize(layers);
        if (rest == 0)
        {
            plainLength = fullSegments * SegmentSize;
            return true;
        }

        // A short last segment holds at least one byte, except when it is the only one (the empty plaintext).
        if (rest < overhead || (rest == overhead && fullSegments > 0))
        {
            return false;
        }

        plainLength = (fullSegments * SegmentSize) + rest - overhead;
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
