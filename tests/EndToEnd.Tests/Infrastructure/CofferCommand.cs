using System.Diagnostics;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>`coffer` as its own process (the coffer.dll built beside the tests), run to completion.</summary>
public static class CofferCommand
{
    public static Task<ChildProcess.Result> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "coffer.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return ChildProcess.RunAsync(start, timeout);
    }
}
