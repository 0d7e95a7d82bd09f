using System.Text;
using System.Xml;
using System.Xml.Linq;

using Coffer.S3.Acls;
using Coffer.S3.Errors;

namespace Coffer.S3.Tests.Acls;

public class ObjectOwnershipTests
{
    [Theory]
    [InlineData(ObjectOwnership.ObjectWriter)]
    [InlineData(ObjectOwnership.BucketOwnerPreferred)]
    [InlineData(ObjectOwnership.BucketOwnerEnforced)]
    public void Write_ThenParse_RoundTrips(ObjectOwnership ownership)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text))
        {
            ObjectOwnershipRules.Write(xml, ownership);
        }

        Assert.Equal(ownership, ObjectOwnershipRules.Parse(XElement.Parse(text.ToString())));
    }

    [Theory]
    [InlineData("<OwnershipControls/>")]
    [InlineData("<OwnershipControls><Rule><ObjectOwnership>Nobody</ObjectOwnership></Rule></OwnershipControls>")]
    [InlineData("<OwnershipControls><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></OwnershipControls>")]
    [InlineData("<Other><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></Other>")]
    public void Parse_AnythingButOneKnownRule_IsMalformedXML(string document)
    {
        var error = Assert.Throws<S3Exception>(() => ObjectOwnershipRules.Parse(XElement.Parse(document)));

        Assert.Equal(S3Error.MalformedXML.Code, error.Error.Code);
    }

    [Fact]
    public void Default_IsObjectWriter_SoAclsWorkOnAPlainBucket()
    {
        Assert.Equal(ObjectOwnership.ObjectWriter, ObjectOwnershipRules.Default);
    }
}
