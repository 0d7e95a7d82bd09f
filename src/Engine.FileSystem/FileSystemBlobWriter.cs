using System.Buffers;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

using Microsoft.Win32.SafeHandles;

namespace Coffer.Engine.FileSystem;

/// <summary>
/// Writes a blob to <c>tmp/&lt;id&gt;.tmp</c> through a pooled buffer, and on commit moves it to
/// its final name. Positional writes (<see cref="RandomAccess"/>) on the file's handle avoid a FileStream
/// buffer, which would be a fresh large allocation per upload; the FileStream is there only because
/// File.OpenHandle cannot give a new file its mode (0600, see <see cref="PrivateModes"/>).
/// </summary>
internal sealed class FileSystemBlobWriter : IBlobWriter
{
    private const int BufferSize = 1 << 20;

    private readonly BlobLayout _layout;
    private readonly FanOutDirectories _directories;
    private readonly string _tempPath;
    private FileStream? _file;
    private SafeFileHandle? _handle;
    private byte[]? _buffer;
    private int _buffered;
    private long _written;
    private bool _committed;

    public FileSystemBlobWriter(BlobLayout layout, FanOutDirectories directories)
    {
        _layout = layout;
        _directories = directories;
        Id = BlobId.New();
        _tempPath = layout.TempPathOf(Id);
        try
        {
            var options = PrivateModes.Options(FileMode.CreateNew, FileAccess.Write, FileShare.None);
            options.BufferSize = 0; // the writer keeps its own buffer
            _file = new FileStream(_tempPath, options);

            // Taken once: the property seeks the file to the stream's position on every read.
            _handle = _file.SafeFileHandle;
        }
        catch (IOException e) when (OutOfSpace.Is(e))
        {
            // No room even for a directory entry (or no inode left).
            throw OutOfSpace.Refusal(e);
        }

        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    public BlobId Id { get; }

    public long Length => _written + _buffered;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await WriteOrThrowAsync(data, cancellationToken);
        }
        catch (IOException e) when (OutOfSpace.Is(e))
        {
            // The temporary file stays until the writer is disposed, which removes it and gives the space back.
            throw OutOfSpace.Refusal(e);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CommitOrThrowAsync(cancellationToken);
        }
        catch (IOException e) when (OutOfSpace.Is(e))
        {
            // The last buffer's write, the fsync (some file systems report ENOSPC only there) or a new fan-out folder.
            throw OutOfSpace.Refusal(e);
        }
    }

    private async ValueTask WriteOrThrowAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var (handle, buffer) = Open();
        cancellationToken.ThrowIfCancellationRequested();
        while (!data.IsEmpty)
        {
            // A write at least as large as the buffer goes straight to the file: copying it
            // through the buffer would only add a memcpy.
            if (_buffered == 0 && data.Length >= buffer.Length)
            {
                await RandomAccess.WriteAsync(handle, data, _written, cancellationToken);
                _written += data.Length;
                return;
            }

            var count = Math.Min(buffer.Length - _buffered, data.Length);
            data.Span[..count].CopyTo(buffer.AsSpan(_buffered));
            _buffered += count;
            data = data[count..];
            if (_buffered == buffer.Length)
            {
                await FlushBufferAsync(handle, buffer, cancellationToken);
            }
        }
    }

    private async Task CommitOrThrowAsync(CancellationToken cancellationToken)
    {
        var (handle, buffer) = Open();
        cancellationToken.ThrowIfCancellationRequested();

        // 1. Whatever is still in the buffer goes to the file.
        await FlushBufferAsync(handle, buffer, cancellationToken);

        // 2. fsync the data before the rename. Otherwise a crash could leave the final name
        //    pointing at a file whose bytes never reached the disk: a visible, corrupt blob.
        RandomAccess.FlushToDisk(handle);
        ReleaseResources();

        // 3. The fan-out folder must exist, and its own entry must be durable.
        var directory = _directories.EnsureDurable(Id);

        // 4. Rename into place. The id is fresh and random, so there is nothing to overwrite;
        //    asking for overwrite makes .NET issue a single rename(2) instead of link + unlink.
        File.Move(_tempPath, _layout.PathOf(Id), overwrite: true);
        _committed = true;

        // 5. A rename is durable only once its directory is synced. If this throws, the caller
        //    does not record the blob, and the orphan sweep removes it later.
        DirectorySync.Flush(directory);
    }

    public ValueTask DisposeAsync()
    {
        ReleaseResources();
        if (!_committed)
        {
            // Never committed: the temporary file is garbage. File.Delete ignores a missing file.
            File.Delete(_tempPath);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask FlushBufferAsync(SafeFileHandle handle, byte[] buffer, CancellationToken cancellationToken)
    {
        if (_buffered == 0)
        {
            return;
        }

        await RandomAccess.WriteAsync(handle, buffer.AsMemory(0, _buffered), _written, cancellationToken);
        _written += _buffered;
        _buffered = 0;
    }

    private (SafeFileHandle Handle, byte[] Buffer) Open()
    {
        ObjectDisposedException.ThrowIf(_handle is null && !_committed, this);
        if (_committed || _handle is null || _buffer is null)
        {
            throw new InvalidOperationException($"Blob {Id} is already committed.");
        }

        return (_handle, _buffer);
    }

    private void ReleaseResources()
    {
        _file?.Dispose();
        _file = null;
        _handle = null;
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
