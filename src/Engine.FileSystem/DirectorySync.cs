using System.Runtime.InteropServices;

namespace Coffer.Engine.FileSystem;

/// <summary>
/// fsync of a directory. Creating, renaming or removing a file changes its directory, not the
/// file: until the directory itself is synced, a power loss can forget the new name even though
/// the file's bytes reached the disk. .NET has no API for this on Unix (a FileStream cannot open
/// a directory), so it calls libc directly.
/// </summary>
public static partial class DirectorySync
{
    private const int EBADF = 9;
    private const int EINVAL = 22;

    private static readonly int OpenFlags = DirectoryOpenFlags();

    public static void Flush(string directory)
    {
        // NTFS journals its metadata and Windows offers no directory fsync worth the trouble.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, OpenFlags);
        if (fd < 0)
        {
            throw Failure("open", directory, Marshal.GetLastPInvokeError());
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();

                // Some file systems (certain network and FUSE mounts) refuse fsync on a directory
                // because they have nothing to flush for it; that is not a lost write.
                if (errno is not (EINVAL or EBADF))
                {
                    throw Failure("fsync", directory, errno);
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static IOException Failure(string call, string directory, int errno) =>
        new($"{call} of directory '{directory}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");

    // O_RDONLY is 0 everywhere. O_DIRECTORY (refuse anything but a directory) and O_CLOEXEC
    // (do not leak the descriptor into a child process started meanwhile) differ by platform.
    private static int DirectoryOpenFlags()
    {
        if (OperatingSystem.IsLinux())
        {
            const int CloseOnExec = 0x80000;
            var directory = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Ppc64le
                ? 0x4000
                : 0x10000;
            return directory | CloseOnExec;
        }

        if (OperatingSystem.IsMacOS())
        {
            const int CloseOnExec = 0x1000000;
            return 0x100000 | CloseOnExec;
        }

        // Opening a directory read-only works without the flag; it only adds a safety check.
        return 0;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
