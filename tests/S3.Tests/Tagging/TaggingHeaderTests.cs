using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Tagging;

namespace Coffer.S3.Tests.Tagging;

public class TaggingHeaderTests
{
    [Fact]
    public void Parse_QueryParameters_GivesTheTagsDecodedInKeyOrder()
    {
        var tags = TaggingHeader.Parse("project=blue&owner=J%C3%BCrgen%20K&note=a+b&empty=&bare");

        Assert.Equal(
            [new Tag("bare", ""), new Tag("empty", ""), new Tag("note", "a b"), new Tag("owner", "Jürgen K"), new Tag("project", "blue")],
            tags.Tags);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&")]
    public void Parse_Nothing_IsTheEmptySet(string value)
    {
        Assert.Same(TagSet.Empty, TaggingHeader.Parse(value));
    }

    [Fact]
    public void Parse_EncodedPlus_IsAPlusSign()
    {
        Assert.Equal("a+b", Assert.Single(TaggingHeader.Parse("k=a%2Bb").Tags).Value);
    }

    [Theory]
    [InlineData("a=1&a=2")]
    [InlineData("k=%FF")]
    public void Parse_DuplicateKeyOrBytesThatAreNotUtf8_IsInvalidArgumentNamingTheHeader(string value)
    {
        var refused = Assert.Throws<S3Exception>(() => TaggingHeader.Parse(value));

        Assert.Equal("InvalidArgument", refused.Error.Code);
        Assert.Contains(new KeyValuePair<string, string>("ArgumentName", "x-amz-tagging"), refused.Details);
    }

    [Theory]
    [InlineData("aws%3Aproject=x", "Your TagKey cannot be prefixed with aws:")]
    [InlineData("k=%3Cscript%3E", "The TagValue you have provided is invalid")]
    [InlineData("=v", "The TagKey you have provided is invalid")]
    public void Parse_TagRuleBroken_IsInvalidTagWithS3sMessage(string value, string message)
    {
        var refused = Assert.Throws<S3Exception>(() => TaggingHeader.Parse(value));

        Assert.Equal(("InvalidTag", 400, message), (refused.Error.Code, refused.Error.StatusCode, refused.Message));
    }

    [Fact]
    public void Problem_ValidValue_IsNull()
    {
        Assert.Null(TaggingHeader.Problem("a=1&b=2"));
        Assert.Equal("InvalidTag", TaggingHeader.Problem(string.Join('&', Enumerable.Range(0, 11).Select(i => $"k{i}=v")))?.Error.Code);
    }
}
