using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Model;

public class BucketNameTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("photos")]
    [InlineData("my.site-2026")]
    [InlineData("0-9")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("xn-not-reserved")]
    [InlineData("bucket-s3alias-not-at-end")]
    [InlineData("amzn-s3-demo-bucket")]
    [InlineData("site.mrap")]
    public void TryParse_ValidName_IsAccepted(string text)
    {
        Assert.True(BucketName.TryParse(text, out var name, out var problem));
        Assert.Equal(text, name.Value.Value);
        Assert.Null(problem);
    }

    /// <summary>One row a rule: the sentence a refused CreateBucket carries names the rule broken.</summary>
    [Theory]
    [InlineData("", "must be 3 to 63 characters long; this one has 0.")]
    [InlineData("ab", "must be 3 to 63 characters long; this one has 2.")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234", "must be 3 to 63 characters long; this one has 64.")]
    [InlineData("Photos", "may contain only lowercase letters, digits, dots (.) and hyphens (-), not 'P'.")]
    [InlineData("under_score", "may contain only lowercase letters, digits, dots (.) and hyphens (-), not '_'.")]
    [InlineData("with space", "may contain only lowercase letters, digits, dots (.) and hyphens (-), not U+0020.")]
    [InlineData("caf\u00e9", "may contain only lowercase letters, digits, dots (.) and hyphens (-), not U+00E9.")]
    [InlineData("-leading", "must begin and end with a letter or a digit.")]
    [InlineData("trailing.", "must begin and end with a letter or a digit.")]
    [InlineData("double..dot", "must not contain two adjacent dots.")]
    [InlineData("dot.-hyphen", "must not have a dot next to a hyphen.")]
    [InlineData("hyphen-.dot", "must not have a dot next to a hyphen.")]
    [InlineData("192.168.5.4", "must not be formatted as an IP address (such as 192.168.5.4).")]
    [InlineData("xn--bucket", "must not begin with xn--, which is reserved")]
    [InlineData("sthree-bucket", "must not begin with sthree-, which is reserved")]
    [InlineData("bucket-s3alias", "must not end with -s3alias, which is reserved for access point aliases.")]
    [InlineData("bucket--ol-s3", "must not end with --ol-s3, which is reserved for Object Lambda access point aliases.")]
    public void TryParse_NameBreakingARule_NamesTheRule(string text, string rule)
    {
        Assert.False(BucketName.TryParse(text, out var name, out var problem));
        Assert.Null(name);
        Assert.StartsWith("Bucket names " + rule, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Null_IsRefusedForItsLength()
    {
        Assert.False(BucketName.TryParse(null, out _, out var problem));
        Assert.Contains("3 to 63 characters", problem, StringComparison.Ordinal);
    }
}
