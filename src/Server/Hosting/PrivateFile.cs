namespace Coffer.Server.Credentials;

/// <summary>Secrets in the data directory: created readable by the owner only (mode 0600) from the first byte.</summary>
internal static class PrivateFile
{
    /// <summary>
    /// Creates <paramref name="path"/> (never replacing a file) with mode 0600, so the secret is
    /// never readable by others, even briefly, and flushes it to disk before returning.
    /// </summary>
    public static void Create(string path, ReadOnlySpan<byte> content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }
}
