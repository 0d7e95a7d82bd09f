using Coffer.Engine.Ports;

namespace Coffer.Server.Hosting;

/// <summary>
/// The data directory holds every object (small ones inside the database and its WAL), the root key pair and the
/// sealing key, so no other local user may read it: the directory and every folder in it are 0700, every file 0600.
/// Everything Coffer creates there gets its mode at creation, never from the umask; <see cref="Tighten"/> fixes a
/// directory that an older Coffer, or a plain mkdir, left readable.
/// </summary>
internal static class PrivateDataDirectory
{
    private const UnixFileMode FolderMode = PrivateModes.ForFolders;

    private const UnixFileMode FileMode = PrivateModes.ForFiles;

    /// <summary>Creates the directory 0700 if it is missing (missing parents above it get the usual mode).</summary>
    public static void Create(string dataDirectory) => PrivateModes.CreateFolder(dataDirectory);

    /// <summary>
    /// Sets every folder in the directory to 0700 and every file to 0600, then the directory itself to 0700, and
    /// returns how many entries it changed (0 when the directory was 0700 already).
    /// </summary>
    /// <remarks>
    /// The walk runs only when the directory itself is not 0700, so a start on a private directory costs one stat
    /// rather than one per blob; and the directory is changed last, so a walk cut short (a crash, a full disk) runs
    /// again on the next start. A file opened up by hand inside a 0700 directory is not looked for: no other user
    /// can reach it through the directory.
    /// </remarks>
    public static int Tighten(string dataDirectory)
    {
        if (OperatingSystem.IsWindows() || File.GetUnixFileMode(dataDirectory) == FolderMode)
        {
            return 0;
        }

        var tightened = 0;
        var everything = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var entry in new DirectoryInfo(dataDirectory).EnumerateFileSystemInfos("*", everything))
        {
            // A symbolic link has no mode of its own: chmod would change what it points to, which may lie outside
            // the data directory. (The enumeration does not follow links into folders either.)
            if (entry.LinkTarget is null && Restrict(entry.FullName, entry.UnixFileMode, entry is DirectoryInfo ? FolderMode : FileMode))
            {
                tightened++;
            }
        }

        if (Restrict(dataDirectory, File.GetUnixFileMode(dataDirectory), FolderMode))
        {
            tightened++;
        }

        return tightened;
    }

    private static bool Restrict(string path, UnixFileMode mode, UnixFileMode wanted)
    {
        if (OperatingSystem.IsWindows() || mode == wanted)
        {
            return false;
        }

        File.SetUnixFileMode(path, wanted);
        return true;
    }
}
