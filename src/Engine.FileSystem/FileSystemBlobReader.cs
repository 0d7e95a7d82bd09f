using Coffer.Engine.Ports;

using Microsoft.Win32.SafeHandles;

namespace Coffer.Engine.FileSystem;

/// <summary>
/// Positional reads on one open handle. Each read carries its own offset, so concurrent reads
/// need no lock, and the handle keeps the bytes readable after the blob is deleted.
/// </summary>
internal sealed class FileSystemBlobReader : IBlobReader
{
    private readonly SafeFileHandle _handle;

    public FileSystemBlobReader(SafeFileHandle handle)
    {
        _handle = handle;
        Length = RandomAccess.GetLength(handle);
    }

    public long Length { get; }

    public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return RandomAccess.ReadAsync(_handle, buffer, offset, cancellationToken);
    }

    public void Dispose() => _handle.Dispose();
}
