using Coffer.Engine.Multipart;
using Coffer.S3.Errors;
using Coffer.S3.Operations;

namespace Coffer.S3.Tests.Operations;

public class UploadPartCopyTests
{
    [Theory]
    [InlineData("bytes=0-0", 0, 0)]
    [InlineData("bytes=5-5242884", 5, 5242884)]
    [InlineData(" bytes=10-20 ", 10, 20)]
    public void Range_FirstDashLast_IsThoseOffsets(string header, long first, long last)
    {
        Assert.Equal(new CopySourceRange(first, last), UploadPartCopy.Range(header));
    }

    [Fact]
    public void Range_Absent_CopiesTheWholeSource()
    {
        Assert.Null(UploadPartCopy.Range(null));
    }

    [Theory]
    [InlineData("bytes=-1")]
    [InlineData("bytes=0-")]
    [InlineData("bytes=hello-world")]
    [InlineData("bytes=0-bar")]
    [InlineData("bytes=0-2,3-5")]
    [InlineData("bytes=5-4")]
    [InlineData("0-4")]
    [InlineData("")]
    public void Range_AnyOtherForm_IsInvalidArgument(string header)
    {
        var error = Assert.Throws<S3Exception>(() => UploadPartCopy.Range(header));

        Assert.Equal("InvalidArgument", error.Error.Code);
        Assert.Contains(new KeyValuePair<string, string>("ArgumentName", "x-amz-copy-source-range"), error.Details);
    }
}
