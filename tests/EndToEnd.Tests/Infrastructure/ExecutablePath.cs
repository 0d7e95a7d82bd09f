namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>Finds a program the way a shell would: the first executable file of that name on PATH.</summary>
public static class ExecutablePath
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & AnyExecute) != 0))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The program's full path, or a failure that says how to install it.</summary>
    public static string Require(string name, string howToInstall) =>
        Find(name) ?? throw new InvalidOperationException($"'{name}' was not found on PATH. {howToInstall}");
}
