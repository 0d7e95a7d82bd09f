using System.Text;
using System.Xml.Linq;

using Coffer.Engine.Lifecycle;
using Coffer.S3.Lifecycle;
using Coffer.S3.Xml;

namespace Coffer.S3.Tests.Lifecycle;

public class LifecycleConfigurationWriterTests
{
    private const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static string Write(LifecycleConfiguration configuration)
    {
        using var buffer = new MemoryStream();
        XmlResponse.WriteDocument(buffer, xml => LifecycleConfigurationWriter.Write(xml, configuration));
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A rule written and read back: the document S3 answers must read as the one sent.</summary>
    private static string RoundTrip(string rule)
    {
        var sent = XElement.Parse($"<LifecycleConfiguration xmlns=\"{Namespace}\"><Rule>{rule}</Rule></LifecycleConfiguration>");
        var written = Write(LifecycleConfigurationReader.Read(sent, TransitionMinimumSize.AllStorageClasses128K));
        var reread = LifecycleConfigurationReader.Read(XElement.Parse(written), TransitionMinimumSize.AllStorageClasses128K);
        Assert.Equal(written, Write(reread));
        return written;
    }

    [Fact]
    public void Write_RulePrefix_StaysAtTheRule()
    {
        var written = RoundTrip("<ID>r</ID><Prefix>test1/</Prefix><Status>Enabled</Status><Expiration><Days>31</Days></Expiration>");

        Assert.Equal(
            $"<?xml version=\"1.0\" encoding=\"utf-8\"?><LifecycleConfiguration xmlns=\"{Namespace}\"><Rule><ID>r</ID><Prefix>test1/</Prefix><Status>Enabled</Status><Expiration><Days>31</Days></Expiration></Rule></LifecycleConfiguration>",
            written);
    }

    [Theory]
    [InlineData("<Filter></Filter>", "<Filter />")]
    [InlineData("<Filter><Prefix>a/</Prefix></Filter>", "<Filter><Prefix>a/</Prefix></Filter>")]
    [InlineData("<Filter><Prefix></Prefix></Filter>", "<Filter><Prefix /></Filter>")]
    [InlineData("<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter>", "<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter>")]
    [InlineData("<Filter><ObjectSizeGreaterThan>5</ObjectSizeGreaterThan></Filter>", "<Filter><ObjectSizeGreaterThan>5</ObjectSizeGreaterThan></Filter>")]
    [InlineData("<Filter><ObjectSizeLessThan>5</ObjectSizeLessThan></Filter>", "<Filter><ObjectSizeLessThan>5</ObjectSizeLessThan></Filter>")]
    [InlineData(
        "<Filter><And><Prefix>p/</Prefix><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag><ObjectSizeGreaterThan>1</ObjectSizeGreaterThan><ObjectSizeLessThan>9</ObjectSizeLessThan></And></Filter>",
        "<Filter><And><Prefix>p/</Prefix><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag><ObjectSizeGreaterThan>1</ObjectSizeGreaterThan><ObjectSizeLessThan>9</ObjectSizeLessThan></And></Filter>")]
    public void Write_Filter_KeepsTheFormSent(string filter, string expected)
    {
        var written = RoundTrip($"<ID>r</ID>{filter}<Status>Enabled</Status><Expiration><Days>1</Days></Expiration>");

        Assert.Contains($"<ID>r</ID>{expected}<Status>", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EveryAction_InS3sElements()
    {
        var written = RoundTrip(
            "<ID>r</ID><Filter><Prefix>p/</Prefix></Filter><Status>Disabled</Status><Expiration><Date>2030-01-01T00:00:00Z</Date></Expiration>"
            + "<Transition><Date>2029-01-01</Date><StorageClass>GLACIER</StorageClass></Transition>"
            + "<NoncurrentVersionTransition><NoncurrentDays>40</NoncurrentDays><NewerNoncurrentVersions>2</NewerNoncurrentVersions><StorageClass>DEEP_ARCHIVE</StorageClass></NoncurrentVersionTransition>"
            + "<NoncurrentVersionExpiration><NoncurrentDays>200</NoncurrentDays><NewerNoncurrentVersions>5</NewerNoncurrentVersions></NoncurrentVersionExpiration>"
            + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload>");

        Assert.Contains(
            "<Status>Disabled</Status><Expiration><Date>2030-01-01T00:00:00.000Z</Date></Expiration>"
            + "<Transition><Date>2029-01-01T00:00:00.000Z</Date><StorageClass>GLACIER</StorageClass></Transition>"
            + "<NoncurrentVersionTransition><NoncurrentDays>40</NoncurrentDays><NewerNoncurrentVersions>2</NewerNoncurrentVersions><StorageClass>DEEP_ARCHIVE</StorageClass></NoncurrentVersionTransition>"
            + "<NoncurrentVersionExpiration><NoncurrentDays>200</NoncurrentDays><NewerNoncurrentVersions>5</NewerNoncurrentVersions></NoncurrentVersionExpiration>"
            + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>",
            written,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ExpiredObjectDeleteMarker_IsKept()
    {
        var written = RoundTrip("<ID>r</ID><Prefix></Prefix><Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>");

        Assert.Contains("<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>", written, StringComparison.Ordinal);
    }
}
