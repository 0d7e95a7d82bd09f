using Coffer.Engine.Tiers;

using Microsoft.Win32.SafeHandles;

namespace Coffer.Engine.FileSystem;

/// <summary>
/// The start-up check of a directory tier: it exists, and a file written there reaches the disk and can be
/// removed. The directory is never created: a tier is typically a mount point, and creating the folder when the
/// mount is missing would quietly put the tier's blobs on the root disk.
/// </summary>
public sealed class DirectoryTierProbe(DirectoryTierLocation location) : ITierProbe
{
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(location.Directory))
        {
            return $"{location.Flag}: the directory does not exist (is the file system mounted?).";
        }

        var probe = Path.Combine(location.Directory, $".coffer-probe-{Guid.NewGuid():N}");
        try
        {
            // Written, fsynced and removed: a read-only or full mount, or one whose server is gone, fails here
            // rather than on the first transition.
            using (SafeFileHandle handle = File.OpenHandle(probe, FileMode.CreateNew, FileAccess.Write))
            {
                await RandomAccess.WriteAsync(handle, "coffer tier probe\n"u8.ToArray(), 0, cancellationToken);
                RandomAccess.FlushToDisk(handle);
            }

            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(probe);
            return $"{location.Flag}: cannot write there ({e.Message}).";
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The probe already failed; its message says why, and a leftover probe file is harmless.
        }
    }
}
