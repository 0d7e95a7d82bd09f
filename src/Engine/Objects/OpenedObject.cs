using System.Buffers;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Objects;

/// <summary>
/// An object version whose content is ready to stream. The first blob is opened before this is
/// handed out, so an overwrite that deletes the old blob cannot pull the bytes from under a
/// reader that has already started: on Linux an open file outlives its deletion.
/// </summary>
public sealed class OpenedObject : IDisposable
{
    private const int BufferSize = 128 * 1024;

    private readonly IBlobStore _blobs;
    private readonly IBlobReader?[] _readers;

    internal OpenedObject(ObjectInfo info, IBlobStore blobs, IBlobReader? first)
    {
        Info = info;
        _blobs = blobs;
        _readers = new IBlobReader?[info.Segments.Count];
        if (_readers.Length > 0)
        {
            _readers[0] = first;
        }
    }

    public ObjectInfo Info { get; }

    /// <summary>Copies bytes [offset, offset + length) of the object to <paramref name="destination"/>.</summary>
    public async Task CopyRangeToAsync(Stream destination, long offset, long length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Info.Size);

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long segmentStart = 0;
            for (var i = 0; i < Info.Segments.Count && length > 0; i++)
            {
                var segment = Info.Segments[i];
                var segmentEnd = segmentStart + segment.Length;
                if (offset < segmentEnd)
                {
                    var reader = _readers[i] ??= _blobs.OpenRead(segment.Blob);
                    var position = offset - segmentStart;
                    while (position < segment.Length && length > 0)
                    {
                        var want = (int)Math.Min(Math.Min(BufferSize, segment.Length - position), length);
                        var read = await reader.ReadAsync(position, buffer.AsMemory(0, want), cancellationToken);
                        if (read == 0)
                        {
                            throw new IOException($"Blob {segment.Blob} ended early at {position} of {segment.Length} bytes.");
                        }

                        await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                        position += read;
                        offset += read;
                        length -= read;
                    }
                }

                segmentStart = segmentEnd;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        foreach (var reader in _readers)
        {
            reader?.Dispose();
        }
    }
}
