using Coffer.Engine.FileSystem;
using Coffer.Engine.Ports;

namespace Coffer.Server.Hosting;

/// <summary>Files in the data directory: created readable by the owner only (mode 0600) from the first byte.</summary>
internal static class PrivateFile
{
    /// <summary>
    /// Creates <paramref name="path"/> (never replacing a file) with mode 0600, so a secret is never readable by others,
    /// even briefly, and makes it durable before returning. The file appears whole or not at all: it is written beside
    /// and then linked into place (.NET's move without overwrite links on Unix), so a node starting at the same moment
    /// on a shared data directory either finds no file, and makes its own (of which one wins), or reads a whole one,
    /// never a half-written key. <see cref="IOException"/> when the file exists.
    /// </summary>
    public static void Create(string path, ReadOnlySpan<byte> content)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Write(temp, content);
            File.Move(temp, path, overwrite: false);
        }
        finally
        {
            File.Delete(temp);
        }

        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Puts <paramref name="content"/> at <paramref name="path"/> (mode 0600), replacing any file there, so that a crash
    /// at any instant leaves either the old file or the new one whole: a temp file beside it, fsync, rename over, fsync
    /// of the folder (without which a power loss may forget the rename).
    /// </summary>
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Write(temp, content);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    private static void Write(string path, ReadOnlySpan<byte> content)
    {
        using var stream = new FileStream(path, Options(FileMode.CreateNew, FileAccess.Write, FileShare.Read));
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Removes <paramref name="path"/> if it is there, durably (the folder is fsynced).</summary>
    public static void Delete(string path)
    {
        File.Delete(path);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Options for opening <paramref name="mode"/>, which give a file it creates mode 0600 (not the umask's).</summary>
    public static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share) => PrivateModes.Options(mode, access, share);
}
