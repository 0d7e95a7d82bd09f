using System.Numerics;

namespace Coffer.Bench.Load.Measurement;

/// <summary>
/// Latencies in microseconds, counted in log-linear buckets as HdrHistogram does: exact below 256 µs, and within 1/128
/// (0.8%) above, up to hours, in a fixed 58 KiB however long the run. Percentiles come from the bucket counts; the
/// maximum is kept exactly. One per worker and operation kind (no locks), merged at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int ExactBelow = 256;
    private const int HalfBucketsPerPowerOfTwo = 128;
    private const int SubBucketBits = 7;

    private readonly long[] _counts = new long[ExactBelow + ((64 - SubBucketBits - 1) * HalfBucketsPerPowerOfTwo)];

    public long Count { get; private set; }

    public long MaxMicroseconds { get; private set; }

    public void Record(long microseconds)
    {
        microseconds = Math.Max(microseconds, 0);
        _counts[IndexOf(microseconds)]++;
        Count++;
        MaxMicroseconds = Math.Max(MaxMicroseconds, microseconds);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The latency below which <paramref name="percentile"/> percent of the samples fall; 0 without samples.</summary>
    public double PercentileMicroseconds(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(MidpointOf(i), MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }

    internal static int IndexOf(long value)
    {
        if (value < ExactBelow)
        {
            return (int)value;
        }

        // value >> shift lands in [128, 256): the top 8 bits of the value pick the bucket within its power of two.
        var shift = BitOperations.Log2((ulong)value) - SubBucketBits;
        return ExactBelow + ((shift - 1) * HalfBucketsPerPowerOfTwo) + (int)(value >> shift) - HalfBucketsPerPowerOfTwo;
    }

    internal static double MidpointOf(int index)
    {
        if (index < ExactBelow)
        {
            return index;
        }

        var shift = ((index - ExactBelow) / HalfBucketsPerPowerOfTwo) + 1;
        var top = ((index - ExactBelow) % HalfBucketsPerPowerOfTwo) + HalfBucketsPerPowerOfTwo;
        var low = (double)((long)top << shift);
        return low + (((1L << shift) - 1) / 2.0);
    }
}
