using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// Space kept aside beside the database, so that deletes can still be recorded on a full disk. Deleting rows is a
/// database write too: its WAL frames need a few pages, and on a disk filled to the last byte even that fails, and then
/// no space could ever be freed through the server. The reserve is a plain file of <see cref="Size"/> bytes, made while
/// there is room; the first SQLITE_FULL gives it back to the disk (see <see cref="SqliteMetadataStore"/>), and it is made
/// again once the disk has room for it twice over.
/// </summary>
internal sealed class MetadataReserve(string databasePath)
{
    /// <summary>Far more than the WAL frames of thousands of deletes; little beside any real disk.</summary>
    public const int Size = 2 * 1024 * 1024;

    private readonly string _path = databasePath + "-reserve";

    public bool Exists => File.Exists(_path);

    /// <summary>Makes the reserve when it is missing and the disk has room for it twice; true when it exists afterwards.</summary>
    public bool TryRestore()
    {
        if (Exists)
        {
            return true;
        }

        try
        {
            var directory = Path.GetDirectoryName(_path)!;
            if (new DriveInfo(directory).AvailableFreeSpace < 2L * Size)
            {
                return false;
            }

            // Allocated, not sparse: fallocate takes the blocks now (a file that is only long, with holes, would give
            // none back when deleted), without writing 2 MiB of zeros on every start.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, PreallocationSize = Size };
            if (!OperatingSystem.IsWindows())
            {
                // Private as every file in the data directory, whatever the umask.
                options.UnixCreateMode = PrivateModes.ForFiles;
            }

            using var file = new FileStream(_path, options);
            file.SetLength(Size);
            file.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException)
        {
            // No room after all (a race with other writers) or the file appeared meanwhile: try again later.
            TryDelete(partialOnly: true);
            return Exists;
        }
    }

    /// <summary>Gives the reserve's space back to the disk; true when there was one to give.</summary>
    public bool Release() => TryDelete(partialOnly: false);

    private bool TryDelete(bool partialOnly)
    {
        try
        {
            var file = new FileInfo(_path);
            if (!file.Exists || (partialOnly && file.Length >= Size))
            {
                return false;
            }

            file.Delete();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
