using System.Runtime.CompilerServices;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.FileSystem;

/// <summary>
/// Blobs as files under one directory (see <see cref="BlobLayout"/> for the layout). Committed
/// files are never modified; a commit is temp file, fsync, rename, fsync of the folder.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private readonly BlobLayout _layout;
    private readonly FanOutDirectories _directories;

    /// <summary>Uses (and creates, if needed) <paramref name="root"/>, e.g. <c>&lt;data&gt;/blobs</c>.</summary>
    public FileSystemBlobStore(string root)
        : this(new BlobLayout(root))
    {
        // The root itself must survive a crash, or every blob below it goes with it. One at a time, so that
        // each is made private (a parent created on the way would get the umask's mode).
        PrivateModes.CreateFolder(_layout.Root);
        PrivateModes.CreateFolder(_layout.TempDirectory);
        if (Path.GetDirectoryName(_layout.Root) is { } parent)
        {
            DirectorySync.Flush(parent);
        }

        DirectorySync.Flush(_layout.Root);
    }

    private FileSystemBlobStore(BlobLayout layout)
    {
        _layout = layout;
        _directories = new FanOutDirectories(_layout);
    }

    /// <summary>
    /// The store under an existing <paramref name="root"/>, for reading only (the scrubber beside a
    /// running server): unlike the constructor, it creates and syncs nothing.
    /// </summary>
    public static FileSystemBlobStore OpenForReading(string root)
    {
        var layout = new BlobLayout(root);
        return Directory.Exists(layout.Root)
            ? new FileSystemBlobStore(layout)
            : throw new DirectoryNotFoundException($"There is no blob directory at {layout.Root}.");
    }

    /// <summary>Where the blob's file is (or would be), for messages to an operator.</summary>
    public string PathOf(BlobId id) => _layout.PathOf(id);

    public IBlobWriter CreateWriter() => new FileSystemBlobWriter(_layout, _directories);

    public ValueTask<IBlobReader> OpenReadAsync(BlobId id, CancellationToken cancellationToken) => ValueTask.FromResult<IBlobReader>(OpenRead(id));

    private FileSystemBlobReader OpenRead(BlobId id)
    {
        var path = _layout.PathOf(id);
        try
        {
            // FileShare.Delete lets DeleteAsync remove the name while this reader is open; the
            // reader keeps the bytes it opened.
            var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            return new FileSystemBlobReader(handle);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(id);
        }
    }

    public Task DeleteAsync(BlobId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = _layout.PathOf(id);

        // No directory fsync: if a crash undoes the delete, the blob comes back unreferenced
        // and the orphan sweep removes it again. Folders are left in place, even when empty.
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredBlob> EnumerateAsync(
        TimeSpan abandonedAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RemoveAbandonedTempFiles(abandonedAfter, cancellationToken);

        foreach (var outer in FanOutFolders(new DirectoryInfo(_layout.Root)))
        {
            foreach (var inner in FanOutFolders(outer))
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var file in inner.EnumerateFiles())
                {
                    // Only a file whose name is a blob id, in the folder that id belongs in, is a
                    // blob: anything else is not ours to report (or to delete).
                    if (BlobId.IsWellFormed(file.Name)
                        && BlobLayout.OuterName(new BlobId(file.Name)) == outer.Name
                        && BlobLayout.InnerName(new BlobId(file.Name)) == inner.Name)
                    {
                        yield return new StoredBlob(new BlobId(file.Name), file.LastWriteTimeUtc);
                    }
                }

                // Directory listing is blocking I/O: give the thread back between folders.
                await Task.Yield();
            }
        }
    }

    private void RemoveAbandonedTempFiles(TimeSpan abandonedAfter, CancellationToken cancellationToken)
    {
        var temp = new DirectoryInfo(_layout.TempDirectory);
        if (!temp.Exists)
        {
            return;
        }

        var cutoff = DateTime.UtcNow - abandonedAfter;
        foreach (var file in temp.EnumerateFiles("*" + BlobLayout.TempSuffix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileNameWithoutExtension(file.Name);

            // A live writer's file is newer than the cutoff (as long as abandonedAfter exceeds
            // the longest pause between two buffer flushes of a slow upload).
            if (BlobId.IsWellFormed(name) && file.LastWriteTimeUtc < cutoff)
            {
                File.Delete(_layout.TempPathOf(new BlobId(name)));
            }
        }
    }

    private static IEnumerable<DirectoryInfo> FanOutFolders(DirectoryInfo parent) =>
        parent.EnumerateDirectories().Where(d => BlobLayout.IsFanOutName(d.Name)).OrderBy(d => d.Name, StringComparer.Ordinal);
}
