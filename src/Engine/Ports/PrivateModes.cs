namespace Coffer.Engine.Ports;

/// <summary>
/// Everything the stores and the host create in the data directory holds users' objects or secrets, so no other
/// local user may list or read it: folders 0700, files 0600. The mode is given at creation, not left to the umask,
/// which a service manager or a shell may have set to anything (a umask can only take bits away from these, never
/// add any).
/// </summary>
public static class PrivateModes
{
    public const UnixFileMode ForFolders = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode ForFiles = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> if missing, 0700. Missing parents above it get the umask's mode.</summary>
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

    /// <summary>Options for opening with <paramref name="mode"/>, which give a file it creates mode 0600 from its first byte.</summary>
    public static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ForFiles;
        }

        return options;
    }
}
