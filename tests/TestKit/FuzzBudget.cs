using System.Diagnostics;
using System.Globalization;

using FsCheck;
using FsCheck.Fluent;

using Microsoft.FSharp.Core;

namespace Coffer.TestKit;

/// <summary>
/// Runs a property over generated inputs for a span of time rather than a count of cases, so that
/// the same fuzz targets serve as a quick check inside the README test command and as a long run
/// on demand. Environment:
/// <list type="bullet">
/// <item><c>COFFER_FUZZ_SECONDS</c>: the time per target (default 1.5 s).</item>
/// <item><c>COFFER_FUZZ_SEED</c>: the first seed, to replay a failure (default: random).</item>
/// <item><c>COFFER_FUZZ_REPORT</c>: a file that receives one line "target,executions,failures" per target.</item>
/// </list>
/// </summary>
public static class FuzzBudget
{
    private const double DefaultSeconds = 1.5;

    // FsCheck grows the size of its inputs from 1 to 100 over a run; batches of this many cases walk
    // that whole range, and are short enough that the last one ends soon after the budget.
    private const int CasesPerBatch = 50;

    // Far above what any parser call takes: a case still running after this long is a hang.
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    private static readonly Lock ReportLock = new();

    public static TimeSpan PerTarget { get; } = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("COFFER_FUZZ_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : DefaultSeconds);

    /// <summary>
    /// Checks <paramref name="property"/> (which throws to fail) on inputs from <paramref name="input"/>
    /// until the budget is spent. A failure is shrunk by FsCheck and rethrown with the seed that replays
    /// it; a case that never returns fails the target with the input it was given.
    /// </summary>
    /// <returns>How many times the property ran.</returns>
    public static long Run<T>(string target, Arbitrary<T> input, Action<T> property, Action<string> log)
    {
        var firstSeed = FirstSeed();
        var executions = 0L;
        var batchSeed = firstSeed;
        object? current = null;
        var started = Stopwatch.GetTimestamp();

        var runner = Task.Factory.StartNew(
            () =>
            {
                for (var batch = 0UL; batch == 0 || Stopwatch.GetElapsedTime(started) < PerTarget; batch++)
                {
                    Volatile.Write(ref batchSeed, firstSeed + batch);
                    var config = Config.QuickThrowOnFailure
                        .WithMaxTest(CasesPerBatch)
                        .WithQuietOnSuccess(true)
                        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(firstSeed + batch), FSharpOption<int>.None)));
                    Check.One(config, Prop.ForAll(input, (T value) =>
                    {
                        // Once the budget is spent the rest of the batch passes untried, so that a target
                        // of slow cases stops on time.
                        if (Interlocked.Read(ref executions) > 0 && Stopwatch.GetElapsedTime(started) >= PerTarget)
                        {
                            return;
                        }

                        Volatile.Write(ref current, value);
                        Interlocked.Increment(ref executions);
                        property(value);
                    }));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        string? failure = null;
        try
        {
            if (!runner.Wait(PerTarget + HangLimit))
            {
                failure = $"a case ran for over {HangLimit.TotalSeconds:0} s (a hang) on input: {Describe(Volatile.Read(ref current))}";
            }
        }
        catch (AggregateException e) when (e.InnerException is not null)
        {
            failure = e.InnerException.Message;
        }

        var count = Interlocked.Read(ref executions);
        var summary = $"fuzz {target}: {count} executions in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s, seed {firstSeed}, {(failure is null ? 0 : 1)} failures";
        log(summary);
        Report(target, count, failure is null ? 0 : 1);
        if (failure is not null)
        {
            throw new FuzzFailureException(
                $"{summary}. Replay with COFFER_FUZZ_SEED={Volatile.Read(ref batchSeed)}.{Environment.NewLine}{failure}");
        }

        return count;
    }

    private static ulong FirstSeed()
    {
        return ulong.TryParse(Environment.GetEnvironmentVariable("COFFER_FUZZ_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : (ulong)Random.Shared.NextInt64(1, long.MaxValue);
    }

    private static string Describe(object? value)
    {
        var text = value switch
        {
            null => "(none)",
            byte[] bytes => Convert.ToHexString(bytes),
            _ => value.ToString() ?? "(null)",
        };
        return text.Length > 4096 ? text[..4096] + "…" : text;
    }

    private static void Report(string target, long executions, int failures)
    {
        var path = Environment.GetEnvironmentVariable("COFFER_FUZZ_REPORT");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        lock (ReportLock)
        {
            File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture, $"{target},{executions},{failures}{Environment.NewLine}"));
        }
    }
}

/// <summary>A fuzz target found an input its property does not hold for (or that hangs).</summary>
public sealed class FuzzFailureException : Exception
{
    public FuzzFailureException()
    {
    }

    public FuzzFailureException(string message)
        : base(message)
    {
    }

    public FuzzFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
