using System.ComponentModel;
using System.Diagnostics;

using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A tmpfs of a fixed size mounted on a fresh temporary directory: a disk that really fills up. Mounting needs root
/// (or CAP_SYS_ADMIN) on Linux; <see cref="TryMountAsync"/> says when this machine does not allow it, so that the
/// caller can fall back instead of passing silently. Disposing unmounts it, whatever the test did.
/// </summary>
public sealed class SmallFileSystem : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _mountPoint;

    private SmallFileSystem(TempDirectory mountPoint) => _mountPoint = mountPoint;

    public string Path => _mountPoint.Path;

    /// <summary>
    /// Mounts a tmpfs of <paramref name="mebibytes"/> MiB; null (with nothing left behind) when this machine does not
    /// allow it, or when COFFER_TESTS_NO_MOUNT=1 asks to run the fallbacks on a machine that does.
    /// </summary>
    public static async Task<SmallFileSystem?> TryMountAsync(int mebibytes)
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("COFFER_TESTS_NO_MOUNT") == "1")
        {
            return null;
        }

        var mountPoint = new TempDirectory("coffer-small-fs-");
        try
        {
            var mounted = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={mebibytes}m,mode=0700", "tmpfs", mountPoint.Path);
            if (mounted.ExitCode == 0)
            {
                return new SmallFileSystem(mountPoint);
            }
        }
        catch (Win32Exception)
        {
            // No mount program at all.
        }

        mountPoint.Dispose();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        // A file the server still holds open keeps a plain unmount busy; a lazy one detaches the mount at once and
        // lets the kernel free it when the last handle closes, so no mount outlives the test either way.
        var unmounted = await RunAsync("umount", Path);
        if (unmounted.ExitCode != 0)
        {
            await RunAsync("umount", "-l", Path);
        }

        _mountPoint.Dispose();
    }

    private static Task<ChildProcess.Result> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return ChildProcess.RunAsync(start, CommandTimeout);
    }
}
