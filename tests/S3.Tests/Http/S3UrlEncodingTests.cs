using Coffer.S3.Http;

namespace Coffer.S3.Tests.Http;

public class S3UrlEncodingTests
{
    [Theory]
    [InlineData("a/b.txt", "a/b.txt")]
    [InlineData("a b+c", "a%20b%2Bc")]
    [InlineData("é", "%C3%A9")]
    [InlineData("\u0001", "%01")]
    [InlineData("~_-.", "~_-.")]
    public void Encode_Value_EscapesAllButUnreservedAndSlash(string value, string expected)
    {
        Assert.Equal(expected, S3UrlEncoding.Encode(value));
    }
}
