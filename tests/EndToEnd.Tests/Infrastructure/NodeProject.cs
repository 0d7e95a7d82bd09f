using System.Diagnostics;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// tests/clients/js: the JavaScript S3 clients, pinned by package-lock.json, and the scenario
/// scripts that drive them. Installs its packages with npm ci once, before the first scenario.
/// </summary>
public static class NodeProject
{
    public const string InstallHint = "Install Node.js 20.15+ and npm (Debian: apt-get install -y nodejs npm), or run .ci/run.";

    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static bool s_installed;

    public static string Folder => Path.Combine(RepositoryRoot.Find(), "tests", "clients", "js");

    public static async Task EnsureInstalledAsync()
    {
        // The semaphore orders test classes in this process; the lock file orders this process
        // against another test run in the same checkout. npm ci deletes node_modules first, so
        // two at once would pull the packages out from under each other.
        await InstallGate.WaitAsync();
        try
        {
            if (s_installed)
            {
                return;
            }

            using (await LockFile.AcquireAsync(Path.Combine(Folder, ".npm-ci.lock"), TimeSpan.FromMinutes(10)))
            {
                if (!IsInstalled())
                {
                    await RunNpmCiAsync();
                }
            }

            s_installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    // npm writes node_modules/.package-lock.json last, at the end of a successful install. If it
    // is older than package-lock.json, the pins changed since (a pull or a branch switch).
    private static bool IsInstalled()
    {
        var installed = Path.Combine(Folder, "node_modules", ".package-lock.json");
        return File.Exists(installed)
            && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(Path.Combine(Folder, "package-lock.json"));
    }

    private static async Task RunNpmCiAsync()
    {
        var start = new ProcessStartInfo(ExecutablePath.Require("npm", InstallHint)) { WorkingDirectory = Folder };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(argument);
        }

        var result = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {Folder} exited {result.ExitCode}:\n{result.Error}\n{result.Output}");
        }
    }
}
