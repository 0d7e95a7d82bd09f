using Coffer.S3.Http;

namespace Coffer.S3.Tests.Http;

public class RangeHeaderTests
{
    [Theory]
    [InlineData("bytes=0-9", 100, 0, 10)]
    [InlineData("bytes=10-", 100, 10, 90)]
    [InlineData("bytes=-10", 100, 90, 10)]
    [InlineData("bytes=-1000", 100, 0, 100)]
    [InlineData("bytes=90-1000", 100, 90, 10)]
    [InlineData("bytes=99-99", 100, 99, 1)]
    [InlineData("bytes=5-6", 100, 5, 2)]
    public void Parse_SatisfiableRange_GivesOffsetAndLength(string header, long size, long offset, long length)
    {
        Assert.Equal(RangeParse.Satisfiable, RangeHeader.Parse(header, size, out var range));
        Assert.Equal(new ByteRange(offset, length), range);
    }

    [Theory]
    [InlineData("bytes=100-", 100)]
    [InlineData("bytes=100-200", 100)]
    [InlineData("bytes=0-", 0)]
    [InlineData("bytes=-5", 0)]
    [InlineData("bytes=-0", 100)]
    public void Parse_StartPastEnd_IsUnsatisfiable(string header, long size)
    {
        Assert.Equal(RangeParse.Unsatisfiable, RangeHeader.Parse(header, size, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("items=0-5")]
    [InlineData("bytes=abc")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=0-1,4-5")]
    [InlineData("bytes=99999999999999999999999-")]
    [InlineData("bytes=--5")]
    public void Parse_InvalidOrMultiRange_IsIgnored(string? header)
    {
        Assert.Equal(RangeParse.WholeObject, RangeHeader.Parse(header, 100, out _));
    }
}
