using System.Buffers;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Tiers;

/// <summary>
/// Copies a blob's stored bytes, as they are, into a new blob: between the main store and a tier, for transitions and
/// restores. Sealed bytes stay sealed (the copy keeps its segment's key), and memory stays one buffer, whatever the size.
/// </summary>
internal static class BlobCopy
{
    private const int BufferSize = 256 * 1024;

    /// <summary>Writes the segment's stored bytes (its blob, or its inline content) into <paramref name="writer"/> and commits it.</summary>
    public static async Task<BlobId> CopyAsync(IBlobStore blobs, BlobSegment segment, IBlobWriter writer, CancellationToken cancellationToken)
    {
        if (segment.InlineContent is { } content)
        {
            await writer.WriteAsync(content, cancellationToken);
            await writer.CommitAsync(cancellationToken);
            return writer.Id;
        }

        using var reader = await blobs.OpenReadAsync(segment.Blob, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long offset = 0;
            while (offset < reader.Length)
            {
                var read = await reader.ReadAsync(offset, buffer.AsMemory(0, (int)Math.Min(buffer.Length, reader.Length - offset)), cancellationToken);
                if (read == 0)
                {
                    throw new EndOfStreamException($"Blob {segment.Blob} ended at {offset} of {reader.Length} bytes.");
                }

                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await writer.CommitAsync(cancellationToken);
        return writer.Id;
    }
}
