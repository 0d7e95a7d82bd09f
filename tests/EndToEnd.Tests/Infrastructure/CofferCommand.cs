using System.Diagnostics;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>`coffer` as its own process (the coffer.dll built beside the tests), run to completion.</summary>
public static class CofferCommand
{
    public static Task<ChildProcess.Result> RunAsync(TimeSpan timeout, params string[] arguments) =>
        RunAsync(timeout, new Dictionary<string, string?>(), arguments);

    /// <param name="environment">Variables to set (a null value removes the variable), over this process's own.</param>
    public static Task<ChildProcess.Result> RunAsync(TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet");
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "coffer.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return ChildProcess.RunAsync(start, timeout);
    }
}
