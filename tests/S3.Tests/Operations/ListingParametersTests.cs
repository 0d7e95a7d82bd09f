using Coffer.S3.Errors;
using Coffer.S3.Operations;

namespace Coffer.S3.Tests.Operations;

public class ListingParametersTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("2", 2)]
    [InlineData("5000", ListingParameters.MaxPage)]
    [InlineData("2147483647", ListingParameters.MaxPage)]
    public void Max_IntegerInRange_IsCappedAtAPage(string text, int expected)
    {
        Assert.Equal(expected, ListingParameters.Max(text, "max-keys"));
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("99999999999999999999")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("")]
    public void Max_NotAnIntegerOrOutOfRange_IsInvalidArgument(string text)
    {
        var refused = Assert.Throws<S3Exception>(() => ListingParameters.Max(text, "max-keys"));

        Assert.Equal(S3Error.InvalidArgument, refused.Error);
        Assert.Equal("Provided max-keys not an integer or within integer range", refused.Message);
    }
}
