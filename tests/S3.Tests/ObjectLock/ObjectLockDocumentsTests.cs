using System.Xml.Linq;

using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.ObjectLock;

namespace Coffer.S3.Tests.ObjectLock;

public class ObjectLockDocumentsTests
{
    private const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static XElement Configuration(string rule) =>
        XElement.Parse($"<ObjectLockConfiguration xmlns=\"{Namespace}\"><ObjectLockEnabled>Enabled</ObjectLockEnabled>{rule}</ObjectLockConfiguration>");

    [Fact]
    public void ParseConfiguration_WithoutRule_IsLockWithoutDefault()
    {
        Assert.Null(ObjectLockDocuments.ParseConfiguration(Configuration("")).DefaultRetention);
    }

    [Theory]
    [InlineData("<Mode>GOVERNANCE</Mode><Days>1</Days>", RetentionMode.Governance, 1, null)]
    [InlineData("<Mode>COMPLIANCE</Mode><Years>7</Years>", RetentionMode.Compliance, null, 7)]
    public void ParseConfiguration_DefaultRetention_IsDaysOrYears(string retention, RetentionMode mode, int? days, int? years)
    {
        var parsed = ObjectLockDocuments.ParseConfiguration(Configuration($"<Rule><DefaultRetention>{retention}</DefaultRetention></Rule>")).DefaultRetention!;

        Assert.Equal((mode, days, years), (parsed.Mode, parsed.Days, parsed.Years));
    }

    [Theory]
    [InlineData("<Mode>GOVERNANCE</Mode><Days>1</Days><Years>1</Years>", "MalformedXML")] // both
    [InlineData("<Mode>GOVERNANCE</Mode>", "MalformedXML")] // neither
    [InlineData("<Mode>governance</Mode><Years>1</Years>", "MalformedXML")] // modes are upper case
    [InlineData("<Mode>abc</Mode><Years>1</Years>", "MalformedXML")]
    [InlineData("<Days>1</Days>", "MalformedXML")] // no mode
    [InlineData("<Mode>GOVERNANCE</Mode><Days>one</Days>", "MalformedXML")]
    [InlineData("<Mode>GOVERNANCE</Mode><Days>0</Days>", "InvalidRetentionPeriod")]
    [InlineData("<Mode>GOVERNANCE</Mode><Years>-1</Years>", "InvalidRetentionPeriod")]
    public void ParseConfiguration_BadDefaultRetention_IsS3sError(string retention, string code)
    {
        var refused = Assert.Throws<S3Exception>(() => ObjectLockDocuments.ParseConfiguration(Configuration($"<Rule><DefaultRetention>{retention}</DefaultRetention></Rule>")));

        Assert.Equal(code, refused.Error.Code);
    }

    [Theory]
    [InlineData("<ObjectLockConfiguration><ObjectLockEnabled>Disabled</ObjectLockEnabled></ObjectLockConfiguration>")]
    [InlineData("<ObjectLockConfiguration/>")]
    [InlineData("<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule/></ObjectLockConfiguration>")]
    [InlineData("<LockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled></LockConfiguration>")]
    public void ParseConfiguration_AnotherShape_IsMalformedXml(string xml)
    {
        Assert.Equal("MalformedXML", Assert.Throws<S3Exception>(() => ObjectLockDocuments.ParseConfiguration(XElement.Parse(xml))).Error.Code);
        Assert.Equal("MalformedXML", Assert.Throws<S3Exception>(() => ObjectLockDocuments.ParseConfiguration(null)).Error.Code);
    }

    [Fact]
    public void ParseRetention_ModeAndDate_AreRead()
    {
        var retention = ObjectLockDocuments.ParseRetention(XElement.Parse("<Retention><Mode>COMPLIANCE</Mode><RetainUntilDate>2030-01-01T00:00:00.000Z</RetainUntilDate></Retention>"));

        Assert.Equal(new ObjectRetention(RetentionMode.Compliance, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)), retention);
    }

    [Theory]
    [InlineData("<Retention><Mode>governance</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>")]
    [InlineData("<Retention><Mode>abc</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>")]
    [InlineData("<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>soon</RetainUntilDate></Retention>")]
    [InlineData("<Retention><Mode>GOVERNANCE</Mode></Retention>")]
    public void ParseRetention_BadModeOrDate_IsMalformedXml(string xml)
    {
        Assert.Equal("MalformedXML", Assert.Throws<S3Exception>(() => ObjectLockDocuments.ParseRetention(XElement.Parse(xml))).Error.Code);
    }

    [Theory]
    [InlineData("ON", LegalHoldStatus.On)]
    [InlineData("OFF", LegalHoldStatus.Off)]
    public void ParseLegalHold_OnOrOff_IsRead(string status, LegalHoldStatus expected)
    {
        Assert.Equal(expected, ObjectLockDocuments.ParseLegalHold(XElement.Parse($"<LegalHold><Status>{status}</Status></LegalHold>")));
    }

    [Theory]
    [InlineData("<LegalHold><Status>abc</Status></LegalHold>")]
    [InlineData("<LegalHold><Status>on</Status></LegalHold>")]
    [InlineData("<LegalHold/>")]
    public void ParseLegalHold_AnythingElse_IsMalformedXml(string xml)
    {
        Assert.Equal("MalformedXML", Assert.Throws<S3Exception>(() => ObjectLockDocuments.ParseLegalHold(XElement.Parse(xml))).Error.Code);
    }

    [Fact]
    public void DefaultRetention_RetainUntil_CountsCalendarDaysAndYears()
    {
        var written = new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2024, 3, 30, 12, 0, 0, TimeSpan.Zero), DefaultRetention.ForDays(RetentionMode.Governance, 30).RetainUntil(written));
        Assert.Equal(new DateTimeOffset(2025, 2, 28, 12, 0, 0, TimeSpan.Zero), DefaultRetention.ForYears(RetentionMode.Compliance, 1).RetainUntil(written));
    }
}
