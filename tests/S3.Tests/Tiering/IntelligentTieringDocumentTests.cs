using System.Text;
using System.Xml.Linq;

using Coffer.Engine.Tiering;
using Coffer.S3.Errors;
using Coffer.S3.Tiering;
using Coffer.S3.Xml;

namespace Coffer.S3.Tests.Tiering;

public class IntelligentTieringDocumentTests
{
    private const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static XElement Document(string inner) => XElement.Parse($"<IntelligentTieringConfiguration xmlns=\"{Namespace}\">{inner}</IntelligentTieringConfiguration>");

    private static string Write(IntelligentTieringConfiguration configuration)
    {
        using var buffer = new MemoryStream();
        XmlResponse.WriteDocument(buffer, xml => IntelligentTieringDocument.Write(xml, configuration));
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("<Filter><Prefix>p/</Prefix></Filter>")]
    [InlineData("<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter>")]
    [InlineData("<Filter><And><Prefix>p/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></And></Filter>")]
    public void Read_ThenWrite_GivesTheSameDocument(string filter)
    {
        var inner = $"<Id>archive</Id>{filter}<Status>Enabled</Status><Tiering><Days>90</Days><AccessTier>ARCHIVE_ACCESS</AccessTier></Tiering>"
            + "<Tiering><Days>180</Days><AccessTier>DEEP_ARCHIVE_ACCESS</AccessTier></Tiering>";

        var configuration = IntelligentTieringDocument.Read(Document(inner));
        IntelligentTieringValidation.Check(configuration);

        Assert.Equal($"<?xml version=\"1.0\" encoding=\"utf-8\"?><IntelligentTieringConfiguration xmlns=\"{Namespace}\">{inner}</IntelligentTieringConfiguration>", Write(configuration));
    }

    [Theory]
    [InlineData("<Id>a</Id><Status>enabled</Status><Tiering><Days>90</Days><AccessTier>ARCHIVE_ACCESS</AccessTier></Tiering>")]
    [InlineData("<Id>a</Id><Status>Enabled</Status><Tiering><Days>90</Days><AccessTier>GLACIER</AccessTier></Tiering>")]
    [InlineData("<Status>Enabled</Status><Tiering><Days>90</Days><AccessTier>ARCHIVE_ACCESS</AccessTier></Tiering>")]
    [InlineData("<Id>a</Id><Status>Enabled</Status><Tiering><AccessTier>ARCHIVE_ACCESS</AccessTier></Tiering>")]
    [InlineData("<Id>a</Id><Filter><Prefix>p</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status><Tiering><Days>90</Days><AccessTier>ARCHIVE_ACCESS</AccessTier></Tiering>")]
    [InlineData("<Id>a</Id><Status>Enabled</Status><Other/>")]
    public void Read_BadShape_IsMalformedXml(string inner)
    {
        Assert.Equal("MalformedXML", Assert.Throws<S3Exception>(() => IntelligentTieringDocument.Read(Document(inner))).Error.Code);
    }
}
