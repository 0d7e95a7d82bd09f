using Coffer.Engine.Ports;

namespace Coffer.Server.Hosting;

/// <summary>Files in the data directory: created readable by the owner only (mode 0600) from the first byte.</summary>
internal static class PrivateFile
{
    /// <summary>
    /// Creates <paramref name="path"/> (never replacing a file) with mode 0600, so a secret is
    /// never readable by others, even briefly, and flushes it to disk before returning.
    /// </summary>
    public static void Create(string path, ReadOnlySpan<byte> content)
    {
        using var stream = new FileStream(path, Options(FileMode.CreateNew, FileAccess.Write, FileShare.Read));
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Options for opening <paramref name="mode"/>, which give a file it creates mode 0600 (not the umask's).</summary>
    public static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share) => PrivateModes.Options(mode, access, share);
}
