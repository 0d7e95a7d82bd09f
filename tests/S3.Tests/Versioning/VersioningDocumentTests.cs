using System.Xml.Linq;

using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Versioning;

namespace Coffer.S3.Tests.Versioning;

public class VersioningDocumentTests
{
    [Theory]
    [InlineData("<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status></VersioningConfiguration>", BucketVersioning.Enabled)]
    [InlineData("<VersioningConfiguration><Status>Suspended</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>", BucketVersioning.Suspended)]
    [InlineData("<VersioningConfiguration/>", null)]
    public void Parse_Status_IsTheStateAskedFor(string xml, BucketVersioning? expected)
    {
        Assert.Equal(expected, VersioningDocument.Parse(XElement.Parse(xml)));
    }

    [Theory]
    [InlineData("<VersioningConfiguration><Status>enabled</Status></VersioningConfiguration>")]
    [InlineData("<VersioningConfiguration><Status>Disabled</Status></VersioningConfiguration>")]
    [InlineData("<VersioningConfiguration><Status>Enabled</Status><Status>Suspended</Status></VersioningConfiguration>")]
    [InlineData("<VersioningConfiguration><Mode>Enabled</Mode></VersioningConfiguration>")]
    [InlineData("<Versioning><Status>Enabled</Status></Versioning>")]
    [InlineData("<VersioningConfiguration><MfaDelete>Maybe</MfaDelete></VersioningConfiguration>")]
    public void Parse_AnotherShapeOrStatus_IsMalformedXml(string xml)
    {
        Assert.Equal("MalformedXML", Assert.Throws<S3Exception>(() => VersioningDocument.Parse(XElement.Parse(xml))).Error.Code);
    }

    [Fact]
    public void Parse_NoDocument_IsMalformedXml()
    {
        Assert.Equal("MalformedXML", Assert.Throws<S3Exception>(() => VersioningDocument.Parse(null)).Error.Code);
    }

    [Fact]
    public void Parse_MfaDeleteEnabled_IsNotImplementedSayingSo()
    {
        var refused = Assert.Throws<S3Exception>(() => VersioningDocument.Parse(XElement.Parse("<VersioningConfiguration><Status>Enabled</Status><MfaDelete>Enabled</MfaDelete></VersioningConfiguration>")));

        Assert.Equal(("NotImplemented", 501), (refused.Error.Code, refused.Error.StatusCode));
        Assert.Contains("MFA delete", refused.Message, StringComparison.Ordinal);
    }
}
