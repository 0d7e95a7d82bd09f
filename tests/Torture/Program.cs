using System.Globalization;

using Coffer.Torture;
using Coffer.Torture.Nodes;

// The long form of the crash torture (the short one runs inside `dotnet test`):
//   dotnet run -c Release --project tests/Torture -- --minutes 30
//   dotnet run -c Release --project tests/Torture -- --minutes 30 --nodes 3    (on PostgreSQL, one node killed a cycle)
// Exit code 0 when nothing was lost, exposed, orphaned or broken; 1 otherwise; 2 for bad arguments.
var options = new TortureOptions();
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    int Number(int least = 1, int most = int.MaxValue) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= least && n <= most
            ? n
            : throw new ArgumentException(most == int.MaxValue
                ? $"{args[i]} needs a whole number of at least {least}"
                : $"{args[i]} needs a whole number from {least} to {most}");
    try
    {
        options = args[i] switch
        {
            "--cycles" => options with { Cycles = Number() },
            "--minutes" => options with { Duration = TimeSpan.FromMinutes(Number()) },
            "--seed" => options with { Seed = Number(least: 0) },
            "--workers" => options with { Workers = Number() },
            "--versioned-workers" => options with { VersionedWorkers = Number(least: 0) },
            "--tiered-workers" => options with { TieredWorkers = Number(least: 0) },
            "--nodes" => options with { Nodes = Number(most: TortureNodes.MaxNodes) },
            "--data" => options with { DataDirectory = value ?? throw new ArgumentException("--data needs a directory") },
            _ => throw new ArgumentException($"unknown option {args[i]}"),
        };
        i++;
    }
    catch (ArgumentException error)
    {
        Console.Error.WriteLine(error.Message);
        Console.Error.WriteLine("usage: Torture [--cycles N] [--minutes M] [--seed S] [--workers W] [--versioned-workers V] [--tiered-workers T] [--nodes N] [--data DIR]");
        return 2;
    }
}

if (options.Cycles == int.MaxValue && options.Duration == TimeSpan.MaxValue)
{
    options = options with { Cycles = 20 };
}

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Finish the cycle under way and report, rather than die with the server half-checked.
    e.Cancel = true;
    interrupt.Cancel();
};

var report = await new TortureRun(options, Console.WriteLine).RunAsync(interrupt.Token);
return report.Passed ? 0 : 1;
