using Coffer.S3.Auth;
using Coffer.S3.Http;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Tests.Auth;

/// <summary>
/// Vectors from AWS's aws-sig-v4-test-suite (credentials AKIDEXAMPLE, service "service", 20150830T123600Z).
/// They exercise canonicalisation and signing below the S3-specific parts; the suite's generic path
/// normalisation is not used by these five, so S3's rules give the same canonical requests.
/// </summary>
public class SigV4TestSuiteTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Timestamp = "20150830T123600Z";
    private const string Scope = "20150830/us-east-1/service/aws4_request";
    private const string EmptyHash = AuthTestKit.EmptySha256;

    [Theory]
    // get-vanilla
    [InlineData("GET", "/", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EmptyHash)]
    // get-vanilla-query-order-key-case
    [InlineData("GET", "/?Param2=value2&Param1=value1", "", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EmptyHash)]
    // get-space
    [InlineData("GET", "/example space/", "", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
        "GET\n/example%20space/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EmptyHash)]
    // get-utf8
    [InlineData("GET", "/\u1234", "", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
        "GET\n/%E1%88%B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EmptyHash)]
    public void Sign_SuiteGetVector_MatchesPublishedSignature(string method, string rawTarget, string contentType, string expectedSignature, string expectedCanonical)
    {
        var canonical = Canonicalize(method, rawTarget, contentType, EmptyHash);

        Assert.Equal(expectedCanonical, canonical);
        Assert.Equal(expectedSignature, SignForSuite(canonical));
    }

    [Fact]
    public void Sign_SuitePostXWwwFormUrlencoded_MatchesPublishedSignature()
    {
        var payloadHash = AuthTestKit.Sha256Hex("Param1=value1");

        var canonical = Canonicalize("POST", "/", "application/x-www-form-urlencoded", payloadHash);

        Assert.Equal(
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n" + payloadHash,
            canonical);
        Assert.Equal("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a", SignForSuite(canonical));
    }

    [Fact]
    public void StringToSign_SuiteGetVanilla_MatchesPublished()
    {
        var canonical = Canonicalize("GET", "/", "", EmptyHash);

        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            SigV4.StringToSign(Timestamp, Scope, canonical));
    }

    private static string Canonicalize(string method, string rawTarget, string contentType, string payloadHash)
    {
        var headers = new List<(string, string)> { ("Host", "example.amazonaws.com"), ("X-Amz-Date", Timestamp) };
        string[] signed = ["host", "x-amz-date"];
        if (contentType.Length > 0)
        {
            headers.Add(("Content-Type", contentType));
            signed = ["content-type", "host", "x-amz-date"];
        }

        HttpContext context = AuthTestKit.Request(method, rawTarget, headers);
        var target = RequestTarget.From(context);
        return CanonicalRequest.Build(
            method,
            UriEncoding.CanonicalPath(target.RawPath),
            target.Query.ToCanonical(excluded: null),
            context.Request.Headers,
            signed,
            string.Join(';', signed),
            payloadHash);
    }

    private static string SignForSuite(string canonical)
    {
        var key = SigV4.DeriveSigningKey(Secret, "20150830", "us-east-1", "service");
        return SigV4.Sign(key, SigV4.StringToSign(Timestamp, Scope, canonical));
    }
}
