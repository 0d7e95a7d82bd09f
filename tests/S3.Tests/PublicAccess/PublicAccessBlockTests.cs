using System.Xml.Linq;

using Coffer.S3.Errors;
using Coffer.S3.PublicAccess;

namespace Coffer.S3.Tests.PublicAccess;

public class PublicAccessBlockTests
{
    private const string Ns = "http://s3.amazonaws.com/doc/2006-03-01/";

    [Fact]
    public void Parse_SomeSwitches_LeftOutOnesAreFalse()
    {
        var parsed = PublicAccessBlock.Parse(XElement.Parse(
            $"""<PublicAccessBlockConfiguration xmlns="{Ns}"><BlockPublicPolicy>true</BlockPublicPolicy><IgnorePublicAcls>false</IgnorePublicAcls></PublicAccessBlockConfiguration>"""));

        Assert.Equal(new PublicAccessBlock(false, false, true, false), parsed);
    }

    [Fact]
    public void ToXml_ThenParse_RoundTrips()
    {
        var original = new PublicAccessBlock(true, false, true, true);

        Assert.Equal(original, PublicAccessBlock.Parse(XElement.Parse(original.ToXml())));
    }

    [Theory]
    [InlineData("<Other/>")]
    [InlineData("<PublicAccessBlockConfiguration><BlockPublicAcls>yes</BlockPublicAcls></PublicAccessBlockConfiguration>")]
    [InlineData("<PublicAccessBlockConfiguration><Unknown>true</Unknown></PublicAccessBlockConfiguration>")]
    public void Parse_NotAConfiguration_IsMalformedXml(string document)
    {
        var error = Assert.Throws<S3Exception>(() => PublicAccessBlock.Parse(XElement.Parse(document)));

        Assert.Equal(S3Error.MalformedXML, error.Error);
    }
}
