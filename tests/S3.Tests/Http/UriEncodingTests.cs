using Coffer.S3.Http;

namespace Coffer.S3.Tests.Http;

public class UriEncodingTests
{
    [Theory]
    [InlineData("a/b.txt", "a/b.txt")]
    [InlineData("a b+c", "a%20b%2Bc")]
    [InlineData("é", "%C3%A9")]
    [InlineData("\u0001", "%01")]
    [InlineData("~_-.", "~_-.")]
    [InlineData("100%", "100%25")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("photos/2026/a (copy).jpg", "photos/2026/a%20%28copy%29.jpg")]
    [InlineData("", "")]
    public void EncodeText_Value_EscapesAllButUnreservedAndSlash(string value, string expected)
    {
        Assert.Equal(expected, UriEncoding.EncodeText(value, keepSlash: true));
    }

    [Theory]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("clean-key_1.txt~", "clean-key_1.txt~")]
    [InlineData("dir/a b", "dir%2Fa%20b")]
    public void EncodeText_WithoutKeepSlash_EscapesSlashToo(string value, string expected)
    {
        Assert.Equal(expected, UriEncoding.EncodeText(value, keepSlash: false));
    }

    [Theory]
    [InlineData("a%20b", "a b")]
    [InlineData("%F0%9F%98%80", "😀")]
    [InlineData("100%", "100%")]
    [InlineData("%zz", "%zz")]
    public void TryDecodeStrict_ValidUtf8_Decodes(string raw, string expected)
    {
        Assert.True(UriEncoding.TryDecodeStrict(raw, out var decoded));
        Assert.Equal(expected, decoded);
    }

    [Theory]
    [InlineData("%FF")]
    [InlineData("%C3")]
    [InlineData("a%80b")]
    public void TryDecodeStrict_InvalidUtf8_Fails(string raw)
    {
        Assert.False(UriEncoding.TryDecodeStrict(raw, out _));
    }
}
