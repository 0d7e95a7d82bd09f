using Coffer.Bench.Load.Measurement;

namespace Coffer.Load.Tests.Measurement;

public class LatencyHistogramTests
{
    [Fact]
    public void PercentileMicroseconds_UniformOneToHundredThousand_IsWithinOnePercent()
    {
        var histogram = new LatencyHistogram();
        for (var value = 1; value <= 100_000; value++)
        {
            histogram.Record(value);
        }

        Assert.Equal(50_000, histogram.PercentileMicroseconds(50), 50_000 * 0.01);
        Assert.Equal(90_000, histogram.PercentileMicroseconds(90), 90_000 * 0.01);
        Assert.Equal(99_000, histogram.PercentileMicroseconds(99), 99_000 * 0.01);
        Assert.Equal(100_000, histogram.MaxMicroseconds);
    }

    [Fact]
    public void PercentileMicroseconds_SmallValues_AreExact()
    {
        var histogram = new LatencyHistogram();
        foreach (var value in new[] { 3, 1, 2, 200 })
        {
            histogram.Record(value);
        }

        Assert.Equal(2, histogram.PercentileMicroseconds(50));
        Assert.Equal(200, histogram.PercentileMicroseconds(99));
    }

    [Fact]
    public void Add_TwoWorkers_CountsBoth()
    {
        var first = new LatencyHistogram();
        var second = new LatencyHistogram();
        first.Record(10);
        second.Record(5_000_000);

        first.Add(second);

        Assert.Equal(2, first.Count);
        Assert.Equal(5_000_000, first.MaxMicroseconds);
        Assert.Equal(10, first.PercentileMicroseconds(50));
    }

    [Fact]
    public void IndexOf_AcrossPowersOfTwo_IsMonotonicAndItsMidpointIsClose()
    {
        var previous = -1;
        for (long value = 1; value < 1L << 40; value = (value * 9 / 8) + 1)
        {
            var index = LatencyHistogram.IndexOf(value);
            Assert.True(index >= previous, $"index of {value} went down");
            Assert.Equal(value, LatencyHistogram.MidpointOf(index), Math.Max(0.5, value / 128.0));
            previous = index;
        }
    }

    [Fact]
    public void PercentileMicroseconds_Empty_IsZero()
    {
        Assert.Equal(0, new LatencyHistogram().PercentileMicroseconds(99));
    }
}
