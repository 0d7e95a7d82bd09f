using System.Security.Cryptography;
using System.Text;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Encryption;

/// <summary>
/// Seals and opens the engine's blobs (docs/encryption-format.md): every sealed blob has a data key of its own, so its
/// segments are sealed as blob 0 of that key, and a copy that shares the blob shares its wrapped key too. The blob's id
/// is both the sealed segments' context and the wrap's, binding the bytes and the key to the blob that holds them.
/// </summary>
public sealed class BlobSealing(MasterKeyring masterKeys)
{
    /// <summary>The only blob of its data key.</summary>
    internal const ulong Ordinal = 0;

    private static ReadOnlySpan<byte> WrapLabel => "coffer sse-s3 blob "u8;

    /// <summary>A new data key for blob <paramref name="blob"/>, and the same key wrapped for its segment row.</summary>
    internal (byte[] DataKey, byte[] SealedKey) NewKey(ObjectEncryption encryption, BlobId blob)
    {
        if (encryption.Kind != ServerSideEncryption.SseS3)
        {
            throw new ArgumentOutOfRangeException(nameof(encryption), encryption, "Only SSE-S3 is built.");
        }

        var dataKey = BlobKeys.NewDataKey();
        return (dataKey, masterKeys.Wrap(dataKey, WrapContext(blob)));
    }

    /// <summary>The plaintext of a sealed blob, read through its segments; owns <paramref name="sealedBlob"/>.</summary>
    /// <exception cref="SealedBlobException">The blob's length is not the one its plaintext seals to.</exception>
    /// <exception cref="KeyUnwrapException">The wrapped key does not open with this server's master keys.</exception>
    internal IBlobReader Open(IBlobReader sealedBlob, BlobSegment segment)
    {
        byte[] dataKey;
        try
        {
            dataKey = masterKeys.Unwrap(segment.SealedKey!, WrapContext(segment.Blob));
        }
        catch
        {
            sealedBlob.Dispose();
            throw;
        }

        try
        {
            return new SealedBlobReader(sealedBlob, dataKey, Ordinal, SegmentContext(segment.Blob), segment.Length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The associated data of every segment of the blob: its id.</summary>
    internal static byte[] SegmentContext(BlobId blob) => Encoding.ASCII.GetBytes(blob.Value);

    private static byte[] WrapContext(BlobId blob) => [.. WrapLabel, .. Encoding.ASCII.GetBytes(blob.Value)];
}
