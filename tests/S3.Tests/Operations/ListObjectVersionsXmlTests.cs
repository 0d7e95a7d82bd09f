using System.Text;
using System.Xml.Linq;

using Coffer.Engine.Listing;
using Coffer.Engine.Model;
using Coffer.S3.Operations;
using Coffer.S3.Xml;

namespace Coffer.S3.Tests.Operations;

public class ListObjectVersionsXmlTests
{
    private static readonly XNamespace S3 = S3Xml.Namespace;

    [Fact]
    public void WriteResult_VersionsAndMarkers_InterleavedInListingOrder()
    {
        var page = new VersionListPage(
            [Version("a", "v2", latest: true), Version("a", "v1", latest: false), Marker("b", "m1"), Version("b", "null", latest: false)],
            ["c/"],
            IsTruncated: false,
            NextKeyMarker: null,
            NextVersionIdMarker: null);

        var root = Write(page, new ListingParameters("", "/", 1000, UrlEncode: false));

        Assert.Equal(
            ["Version a v2", "Version a v1", "DeleteMarker b m1", "Version b null"],
            root.Elements().Where(e => e.Name == S3 + "Version" || e.Name == S3 + "DeleteMarker")
                .Select(e => $"{e.Name.LocalName} {e.Element(S3 + "Key")!.Value} {e.Element(S3 + "VersionId")!.Value}"));
        var marker = root.Element(S3 + "DeleteMarker")!;
        Assert.Equal(["Key", "VersionId", "IsLatest", "LastModified", "Owner"], marker.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("true", marker.Element(S3 + "IsLatest")!.Value);
        Assert.Equal("2026-01-02T03:04:05.678Z", marker.Element(S3 + "LastModified")!.Value);
        Assert.Equal("c/", root.Element(S3 + "CommonPrefixes")!.Element(S3 + "Prefix")!.Value);
        Assert.Null(root.Element(S3 + "NextKeyMarker"));
        Assert.Null(root.Element(S3 + "NextVersionIdMarker"));
    }

    [Fact]
    public void WriteResult_UrlEncoding_AppliesToKeysPrefixesAndMarkersButNotVersionIds()
    {
        var page = new VersionListPage([Marker("a b/ü", "m1")], ["p q/"], IsTruncated: true, NextKeyMarker: "a b/ü", NextVersionIdMarker: "m1");

        var root = Write(page, new ListingParameters("a b", " ", 1, UrlEncode: true), keyMarker: "k k", versionIdMarker: "null");

        Assert.Equal("a%20b", root.Element(S3 + "Prefix")!.Value);
        Assert.Equal("%20", root.Element(S3 + "Delimiter")!.Value);
        Assert.Equal("k%20k", root.Element(S3 + "KeyMarker")!.Value);
        Assert.Equal("null", root.Element(S3 + "VersionIdMarker")!.Value);
        Assert.Equal("a%20b/%C3%BC", root.Element(S3 + "NextKeyMarker")!.Value);
        Assert.Equal("m1", root.Element(S3 + "NextVersionIdMarker")!.Value);
        Assert.Equal("a%20b/%C3%BC", root.Element(S3 + "DeleteMarker")!.Element(S3 + "Key")!.Value);
        Assert.Equal("p%20q/", root.Element(S3 + "CommonPrefixes")!.Element(S3 + "Prefix")!.Value);
        Assert.Equal("url", root.Element(S3 + "EncodingType")!.Value);
    }

    [Fact]
    public void WriteResult_TruncatedAfterACommonPrefix_HasNoNextVersionIdMarker()
    {
        var page = new VersionListPage([], ["a/"], IsTruncated: true, NextKeyMarker: "a/", NextVersionIdMarker: null);

        var root = Write(page, new ListingParameters("", "/", 1, UrlEncode: false));

        Assert.Equal("a/", root.Element(S3 + "NextKeyMarker")!.Value);
        Assert.Null(root.Element(S3 + "NextVersionIdMarker"));
    }

    private static XElement Write(VersionListPage page, ListingParameters parameters, string keyMarker = "", string versionIdMarker = "")
    {
        using var buffer = new MemoryStream();
        XmlResponse.WriteDocument(buffer, xml => ListObjectVersions.WriteResult(xml, new ListObjectVersionsEcho("bucket", parameters, keyMarker, versionIdMarker), page));
        return XDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray())).Root!;
    }

    private static ObjectInfo Version(string key, string versionId, bool latest) => new()
    {
        Bucket = "bucket",
        Key = key,
        VersionId = versionId,
        Size = 1,
        ETag = "\"e\"",
        LastModified = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
        Attributes = ObjectAttributes.Default with { Owner = "root" },
        IsLatest = latest,
    };

    private static ObjectInfo Marker(string key, string versionId) =>
        Version(key, versionId, latest: true) with { IsDeleteMarker = true, Size = 0, ETag = "" };
}
