namespace Coffer.Engine.FileSystem;

/// <summary>
/// Blobs are users' objects, so no other local user may list or read them: folders are created 0700 and files
/// 0600. The mode is given at creation, not left to the umask, which a service manager or a shell may have set
/// to anything (a umask can only take bits away from these, never add any).
/// </summary>
internal static class PrivateModes
{
    public const UnixFileMode ForFolders = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode ForFiles = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> if missing, 0700. Its parent must exist (or it is made with the umask's mode).</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, ForFolders);
        }
    }

    /// <summary>Options that create a new file, 0600 from its first byte, with no FileStream buffer of its own.</summary>
    public static FileStreamOptions NewFile()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ForFiles;
        }

        return options;
    }
}
