using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// Creates the database file, empty and readable by its owner only, before SQLite opens it. Small objects live
/// inline in the database and pass through its WAL, so neither may be readable by other local users. SQLite would
/// create the database 0644 (less the umask), but it gives the -wal and -shm files the mode of the database file
/// whatever the umask (os_unix.c: findCreateFileMode, unixOpenSharedMemory), so a 0600 database keeps all three
/// private. SQLite takes an empty file for an empty database.
/// </summary>
internal static class PrivateDatabaseFile
{
    /// <summary>Creates the file (0600) and its folder (0700) unless they exist; an existing file keeps its mode.</summary>
    public static void EnsureExists(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            // No modes to give; SQLite creates the file, which inherits the folder's access rules.
            Directory.CreateDirectory(folder);
            return;
        }

        if (File.Exists(path))
        {
            return;
        }

        PrivateModes.CreateFolder(folder);
        try
        {
            using var created = new FileStream(path, PrivateModes.Options(FileMode.CreateNew, FileAccess.Write, FileShare.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it meanwhile; SQLite opens theirs.
        }
    }
}
