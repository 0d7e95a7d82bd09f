using System.Security.Cryptography;
using System.Text;

using Coffer.S3.Auth;
using Coffer.S3.Http;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Tests.Auth;

public class CanonicalizationTests
{
    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/test%24file.text", "/test%24file.text")]
    [InlineData("/test$file.text", "/test%24file.text")]
    [InlineData("/a+b=c@d", "/a%2Bb%3Dc%40d")]
    [InlineData("/a%2bb%3dc%40d", "/a%2Bb%3Dc%40d")]
    [InlineData("/tilde%7Ekey", "/tilde~key")]
    [InlineData("/dir/./../key", "/dir/./../key")]
    [InlineData("//double//slash", "//double//slash")]
    [InlineData("/a%2Fb", "/a%2Fb")]
    [InlineData("/100%", "/100%25")]
    [InlineData("/%zz", "/%25zz")]
    [InlineData("/fran%C3%A7ais", "/fran%C3%A7ais")]
    [InlineData("/fran\u00e7ais", "/fran%C3%A7ais")]
    [InlineData("/emoji\U0001F600", "/emoji%F0%9F%98%80")]
    public void CanonicalPath_ClientSpelling_IsSigV4UriEncodeOfDecodedBytes(string rawPath, string expected)
    {
        Assert.Equal(expected, UriEncoding.CanonicalPath(rawPath));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("lifecycle", "lifecycle=")]
    [InlineData("acl&versionId=3", "acl=&versionId=3")]
    [InlineData("max-keys=2&prefix=J", "max-keys=2&prefix=J")]
    [InlineData("prefix=J&max-keys=2", "max-keys=2&prefix=J")]
    [InlineData("a=2&a=1&A=3", "A=3&a=1&a=2")]
    [InlineData("q=a+b", "q=a%2Bb")]
    [InlineData("q=a%20b", "q=a%20b")]
    [InlineData("prefix=a/b", "prefix=a%2Fb")]
    [InlineData("prefix=a%2fb", "prefix=a%2Fb")]
    [InlineData("x=a%7eb&y=%41", "x=a~b&y=A")]
    [InlineData("a=1=2", "a=1%3D2")]
    [InlineData("&&a=1&", "a=1")]
    [InlineData("\u1234=bar", "%E1%88%B4=bar")]
    public void ToCanonical_RawQuery_IsSortedAndReencoded(string rawQuery, string expected)
    {
        Assert.Equal(expected, QueryParameters.Parse(rawQuery).ToCanonical(excluded: null));
    }

    [Fact]
    public void ToCanonical_ExcludedName_LeavesParameterOut()
    {
        var query = QueryParameters.Parse("X-Amz-Signature=abc&X-Amz-Date=1");

        Assert.Equal("X-Amz-Date=1", query.ToCanonical("X-Amz-Signature"));
    }

    [Fact]
    public void Get_EncodedValue_IsDecoded()
    {
        var query = QueryParameters.Parse("X-Amz-Credential=AK%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&flag");

        Assert.Equal("AK/20130524/us-east-1/s3/aws4_request", query.Get("X-Amz-Credential"));
        Assert.Equal(string.Empty, query.Get("flag"));
        Assert.Null(query.Get("missing"));
    }

    [Fact]
    public void Build_HeaderValues_AreTrimmedCollapsedAndJoined()
    {
        var context = AuthTestKit.Request("GET", "/", [("My-Header1", "  a   b   c  "), ("My-Header2", "value2"), ("My-Header2", "value1")]);

        var canonical = CanonicalRequest.Build("GET", "/", "", context.Request.Headers, ["my-header1", "my-header2", "missing"], "my-header1;my-header2;missing", "UNSIGNED-PAYLOAD");

        Assert.Equal("GET\n/\n\nmy-header1:a b c\nmy-header2:value2,value1\nmissing:\n\nmy-header1;my-header2;missing\nUNSIGNED-PAYLOAD", canonical);
    }

    [Fact]
    public void DeriveSigningKey_DocumentedExample_MatchesIndependentDerivation()
    {
        var key = SigV4.DeriveSigningKey(AuthTestKit.Secret, "20130524", "us-east-1", "s3");

        Assert.Equal(AuthTestKit.SigningKey(), key);
    }

    [Fact]
    public void Hash_IsTheSha256OfTheBuiltText()
    {
        // The accepted path hashes without building the string; the failing path reports the string.
        var headers = new HeaderDictionary { ["Host"] = "example.com", ["x-amz-date"] = "20261122T040000Z", ["X-Amz-Meta-Note"] = "  two   spaces " };
        string[] signed = ["host", "x-amz-date", "x-amz-meta-note"];
        var text = CanonicalRequest.Build("PUT", "/b/k%20ey", "a=1&b=", headers, signed, "host;x-amz-date;x-amz-meta-note", "UNSIGNED-PAYLOAD");
        Span<byte> hash = stackalloc byte[32];

        CanonicalRequest.Hash("PUT", "/b/k%20ey", "a=1&b=", headers, signed, "host;x-amz-date;x-amz-meta-note", "UNSIGNED-PAYLOAD", hash);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void SignInto_IsTheSignatureOfTheStringToSign()
    {
        var key = SigV4.DeriveSigningKey("secret", "20261122", "us-east-1", "s3");
        const string Canonical = "GET\n/\n\nhost:example.com\n\nhost\nUNSIGNED-PAYLOAD";
        Span<byte> signature = stackalloc byte[32];

        SigV4.SignInto(key, "20261122T040000Z", "20261122/us-east-1/s3/aws4_request", SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)), signature);

        Assert.Equal(SigV4.Sign(key, SigV4.StringToSign("20261122T040000Z", "20261122/us-east-1/s3/aws4_request", Canonical)), Convert.ToHexStringLower(signature));
    }

    [Theory]
    [InlineData("AK%2F20261122%2Fus-east-1")]
    [InlineData("plain-value_1.2~3")]
    public void CanonicalQueryComponent_AlreadyCanonical_IsTheSameString(string raw)
    {
        Assert.Same(raw, UriEncoding.CanonicalQueryComponent(raw));
    }

    [Theory]
    [InlineData("ak%2f2026", "ak%2F2026")]
    [InlineData("a%7Eb", "a~b")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a+b", "a%2Bb")]
    public void CanonicalQueryComponent_NotCanonical_IsReencoded(string raw, string expected)
    {
        Assert.Equal(expected, UriEncoding.CanonicalQueryComponent(raw));
    }
}
