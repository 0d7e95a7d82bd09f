using Coffer.Bench.Load.Workloads;

namespace Coffer.Load.Tests.Workloads;

public class MiddleRangeTests
{
    [Theory]
    [InlineData(1L << 30, 1L << 20)]
    [InlineData(1L << 20, 1L << 19)]
    [InlineData(1001, 7)]
    public void OffsetFor_ManyDraws_StayInTheMiddleHalf(long size, long length)
    {
        var random = new Random(7);

        for (var i = 0; i < 10_000; i++)
        {
            var offset = MiddleRange.OffsetFor(size, length, random);

            Assert.InRange(offset, size / 4, (size / 4) + (size / 2) - length);
        }
    }

    [Fact]
    public void OffsetFor_OneGiBObject_StartsAtManyAlignments()
    {
        var random = new Random(7);

        var segmentOffsets = Enumerable.Range(0, 100).Select(_ => MiddleRange.OffsetFor(1L << 30, 1L << 20, random) % (64 << 10)).Distinct().Count();

        Assert.True(segmentOffsets > 90, $"only {segmentOffsets} distinct offsets within a 64 KiB segment");
    }
}
