namespace Coffer.Bench.Load.Measurement;

/// <summary>Latencies and body bytes of the operations one worker timed, by kind; merged across workers for the report.</summary>
internal sealed class OperationTally
{
    private static readonly int s_kinds = Enum.GetValues<OperationKind>().Length;

    private readonly LatencyHistogram?[] _latencies = new LatencyHistogram?[s_kinds];
    private readonly long[] _bytes = new long[s_kinds];

    public void Record(OperationKind kind, long bytes, long microseconds)
    {
        (_latencies[(int)kind] ??= new LatencyHistogram()).Record(microseconds);
        _bytes[(int)kind] += bytes;
    }

    public void Add(OperationTally other)
    {
        for (var i = 0; i < s_kinds; i++)
        {
            if (other._latencies[i] is { } theirs)
            {
                (_latencies[i] ??= new LatencyHistogram()).Add(theirs);
            }

            _bytes[i] += other._bytes[i];
        }
    }

    /// <summary>The kinds that occurred, each with its latencies and bytes.</summary>
    public IEnumerable<(OperationKind Kind, LatencyHistogram Latencies, long Bytes)> Kinds()
    {
        for (var i = 0; i < s_kinds; i++)
        {
            if (_latencies[i] is { } histogram)
            {
                yield return ((OperationKind)i, histogram, _bytes[i]);
            }
        }
    }

    public (LatencyHistogram Latencies, long Bytes) AllKinds()
    {
        var all = new LatencyHistogram();
        long bytes = 0;
        foreach (var (_, histogram, kindBytes) in Kinds())
        {
            all.Add(histogram);
            bytes += kindBytes;
        }

        return (all, bytes);
    }
}
