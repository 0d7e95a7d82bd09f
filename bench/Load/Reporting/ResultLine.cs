using Coffer.Bench.Load.Measurement;

namespace Coffer.Bench.Load.Reporting;

/// <summary>The figures of one table row: all operations of a run, or (in a mixed run) one kind of them.</summary>
internal sealed record ResultLine(string Operation, long Ops, double OpsPerSecond, double MibPerSecond, double P50, double P90, double P99, double Max)
{
    private const double MicrosecondsPerMillisecond = 1000;

    public static ResultLine From(string operation, LatencyHistogram latencies, long bytes, double seconds)
    {
        var perSecond = seconds > 0 ? 1 / seconds : 0;
        return new ResultLine(
            operation,
            latencies.Count,
            latencies.Count * perSecond,
            bytes * perSecond / (1 << 20),
            latencies.PercentileMicroseconds(50) / MicrosecondsPerMillisecond,
            latencies.PercentileMicroseconds(90) / MicrosecondsPerMillisecond,
            latencies.PercentileMicroseconds(99) / MicrosecondsPerMillisecond,
            latencies.MaxMicroseconds / MicrosecondsPerMillisecond);
    }

    /// <summary>The total first, then each kind when there is more than one.</summary>
    public static List<ResultLine> AllOf(RunFindings findings)
    {
        var (all, bytes) = findings.Tally.AllKinds();
        var lines = new List<ResultLine> { From("all", all, bytes, findings.Seconds) };
        var kinds = findings.Tally.Kinds().ToList();
        if (kinds.Count > 1)
        {
            lines.AddRange(kinds.Select(k => From(k.Kind.ToString().ToUpperInvariant(), k.Latencies, k.Bytes, findings.Seconds)));
        }

        return lines;
    }
}
