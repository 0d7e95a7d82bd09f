using System.Text;

using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

using static Coffer.S3.Tests.Auth.AuthTestKit;

namespace Coffer.S3.Tests.Auth;

/// <summary>
/// Header-signed SigV4, starting from the worked examples of "Signature Calculations for the
/// Authorization Header: Transferring Payload in a Single Chunk" in the S3 API reference.
/// </summary>
public class SigV4HeaderTests
{
    private const string ExampleHost = "examplebucket.s3.amazonaws.com";

    [Fact]
    public async Task AuthenticateAsync_DocumentedGetObject_IsVerified()
    {
        var context = Request("GET", "/test.txt", [
            ("Host", ExampleHost),
            ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", EmptySha256),
            ("x-amz-date", Timestamp),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
        ]);

        var (result, body) = await AuthenticateAndReadAsync(Authenticator(ExampleTime), context);

        Assert.False(result.IsAnonymous);
        Assert.Equal(AccessKeyId, result.AccessKeyId);
        Assert.Equal(Principal, result.Principal);
        Assert.Empty(body);
    }

    [Theory]
    [InlineData("/test%24file.text")]
    [InlineData("/test$file.text")]
    public async Task AuthenticateAsync_DocumentedPutObject_VerifiesSignatureAndPayload(string rawTarget)
    {
        var context = Request("PUT", rawTarget, PutObjectHeaders(), Encoding.UTF8.GetBytes("Welcome to Amazon S3."));

        var (result, body) = await AuthenticateAndReadAsync(Authenticator(ExampleTime), context);

        Assert.Equal("Welcome to Amazon S3.", Encoding.UTF8.GetString(body));
        Assert.Equal(21, result.DecodedContentLength);
        Assert.Empty(result.Trailers);
    }

    [Fact]
    public async Task AuthenticateAsync_DocumentedGetBucketLifecycle_IsVerified()
    {
        var context = Request("GET", "/?lifecycle", [
            ("Host", ExampleHost),
            ("x-amz-date", Timestamp),
            ("x-amz-content-sha256", EmptySha256),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
        ]);

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(ExampleTime), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
    }

    [Theory]
    [InlineData("/?max-keys=2&prefix=J")]
    [InlineData("/?prefix=J&max-keys=2")]
    public async Task AuthenticateAsync_DocumentedListObjects_IsVerifiedInAnyParameterOrder(string rawTarget)
    {
        var context = Request("GET", rawTarget, [
            ("Host", ExampleHost),
            ("x-amz-date", Timestamp),
            ("x-amz-content-sha256", EmptySha256),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
        ]);

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(ExampleTime), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
    }

    [Theory]
    [InlineData("/a+b=c@d%7Ee")]
    [InlineData("/a%2Bb%3Dc%40d~e")]
    [InlineData("/a%2bb%3dc%40d%7ee")]
    public async Task AuthenticateAsync_KeyEscapedDifferently_VerifiesAgainstUriEncode(string rawTarget)
    {
        var context = SignedGet(rawTarget, "/a%2Bb%3Dc%40d~e");

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(ExampleTime), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
    }

    [Fact]
    public async Task AuthenticateAsync_ClientSignedRawPath_IsVerified()
    {
        var context = SignedGet("/a+b", "/a+b");

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(ExampleTime), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
    }

    [Fact]
    public async Task AuthenticateAsync_UnsignedPayload_ReturnsBodyUnchecked()
    {
        var headers = new List<(string, string)> { ("host", ExampleHost), ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"), ("x-amz-date", Timestamp) };
        var (authorization, _) = SignV4("PUT", "/key", "", headers, "UNSIGNED-PAYLOAD");
        var context = Request("PUT", "/key", [.. headers, ("Authorization", authorization), ("Content-Length", "3")], "abc"u8.ToArray());

        var (result, body) = await AuthenticateAndReadAsync(Authenticator(ExampleTime), context);

        Assert.Equal("abc"u8.ToArray(), body);
        Assert.Equal(3, result.DecodedContentLength);
    }

    [Fact]
    public async Task AuthenticateAsync_DateHeaderInsteadOfAmzDate_IsVerified()
    {
        var headers = new List<(string, string)> { ("date", "Fri, 24 May 2013 00:00:00 GMT"), ("host", ExampleHost), ("x-amz-content-sha256", EmptySha256) };
        var (authorization, _) = SignV4("GET", "/key", "", headers, EmptySha256);
        var context = Request("GET", "/key", [.. headers, ("Authorization", authorization)]);

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(ExampleTime), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
    }

    [Fact]
    public async Task AuthenticateAsync_CorrectSignatureWithoutHost_IsAccessDeniedNamingHost()
    {
        var signed = new List<(string, string)> { ("x-amz-content-sha256", EmptySha256), ("x-amz-date", Timestamp) };
        var (authorization, _) = SignV4("GET", "/key", "", signed, EmptySha256);
        var context = Request("GET", "/key", [("host", ExampleHost), .. signed, ("Authorization", authorization)]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.AccessDenied, error.Error);
        Assert.Equal("There were headers present in the request which were not signed", error.Message);
        Assert.Equal("host", Detail(error, "HeadersNotSigned"));
    }

    [Fact]
    public async Task AuthenticateAsync_NoAuthentication_IsAnonymous()
    {
        var context = Request("GET", "/bucket/key", [("Host", "localhost")]);

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(ExampleTime), context);

        Assert.True(result.IsAnonymous);
        Assert.Null(result.AccessKeyId);
        Assert.Null(result.Principal);
    }

    [Fact]
    public async Task AuthenticateAsync_UnknownAccessKey_IsInvalidAccessKeyId()
    {
        var context = Request("GET", "/test.txt", [
            ("Host", ExampleHost),
            ("x-amz-content-sha256", EmptySha256),
            ("x-amz-date", Timestamp),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIANOTKNOWN/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
        ]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.InvalidAccessKeyId, error.Error);
        Assert.Equal("AKIANOTKNOWN", Detail(error, "AWSAccessKeyId"));
    }

    [Fact]
    public async Task AuthenticateAsync_WrongSignature_IsSignatureDoesNotMatchWithDetails()
    {
        var context = Request("PUT", "/test%24file.text", PutObjectHeaders(signature: new string('0', 64)), Encoding.UTF8.GetBytes("Welcome to Amazon S3."));

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.SignatureDoesNotMatch, error.Error);
        Assert.Equal(403, error.Error.StatusCode);
        Assert.Equal(AccessKeyId, Detail(error, "AWSAccessKeyId"));
        Assert.Equal(new string('0', 64), Detail(error, "SignatureProvided"));
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d",
            Detail(error, "StringToSign"));
        Assert.StartsWith("PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\n", Detail(error, "CanonicalRequest"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_TamperedSignedHeader_IsSignatureDoesNotMatch()
    {
        var headers = PutObjectHeaders();
        headers[3] = ("x-amz-storage-class", "STANDARD");
        var context = Request("PUT", "/test%24file.text", headers, Encoding.UTF8.GetBytes("Welcome to Amazon S3."));

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.SignatureDoesNotMatch, error.Error);
    }

    [Fact]
    public async Task AuthenticateAsync_WrongRegion_IsAuthorizationHeaderMalformedNamingRegion()
    {
        var headers = new List<(string, string)> { ("host", ExampleHost), ("x-amz-content-sha256", EmptySha256), ("x-amz-date", Timestamp) };
        var (authorization, _) = SignV4("GET", "/key", "", headers, EmptySha256, region: "eu-west-1");
        var context = Request("GET", "/key", [.. headers, ("Authorization", authorization)]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.AuthorizationHeaderMalformed, error.Error);
        Assert.Equal(400, error.Error.StatusCode);
        Assert.Equal("The authorization header is malformed; the region 'eu-west-1' is wrong; expecting 'us-east-1'", error.Message);
        Assert.Equal("us-east-1", Detail(error, "Region"));
    }

    [Fact]
    public async Task AuthenticateAsync_ClockSkewedBeyondFifteenMinutes_IsRequestTimeTooSkewed()
    {
        var context = Request("PUT", "/test%24file.text", PutObjectHeaders(), Encoding.UTF8.GetBytes("Welcome to Amazon S3."));

        var error = await FailsAsync(Authenticator(ExampleTime.AddMinutes(16)), context);

        Assert.Equal(S3Error.RequestTimeTooSkewed, error.Error);
        Assert.Equal(Timestamp, Detail(error, "RequestTime"));
        Assert.Equal("2013-05-24T00:16:00Z", Detail(error, "ServerTime"));
        Assert.Equal("900000", Detail(error, "MaxAllowedSkewMilliseconds"));
    }

    [Fact]
    public async Task AuthenticateAsync_ClockSkewedWithinFifteenMinutes_IsVerified()
    {
        var context = Request("PUT", "/test%24file.text", PutObjectHeaders(), Encoding.UTF8.GetBytes("Welcome to Amazon S3."));

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(ExampleTime.AddMinutes(-14)), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
    }

    [Fact]
    public async Task AuthenticateAsync_MissingContentSha256_IsInvalidRequest()
    {
        var headers = new List<(string, string)> { ("host", ExampleHost), ("x-amz-date", Timestamp) };
        var (authorization, _) = SignV4("GET", "/key", "", headers, EmptySha256);
        var context = Request("GET", "/key", [.. headers, ("Authorization", authorization)]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.InvalidRequest, error.Error);
        Assert.Equal("Missing required header for this request: x-amz-content-sha256", error.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_InvalidContentSha256_IsInvalidArgument()
    {
        var headers = new List<(string, string)> { ("host", ExampleHost), ("x-amz-content-sha256", "not-a-hash"), ("x-amz-date", Timestamp) };
        var (authorization, _) = SignV4("GET", "/key", "", headers, "not-a-hash");
        var context = Request("GET", "/key", [.. headers, ("Authorization", authorization)]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.InvalidArgument, error.Error);
        Assert.Equal("x-amz-content-sha256", Detail(error, "ArgumentName"));
    }

    [Fact]
    public async Task ReadAsync_BodyDiffersFromContentSha256_IsXAmzContentSHA256Mismatch()
    {
        var context = Request("PUT", "/test%24file.text", PutObjectHeaders(), Encoding.UTF8.GetBytes("Welcome to Amazon S4."));

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.XAmzContentSHA256Mismatch, error.Error);
        Assert.Equal("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", Detail(error, "ClientComputedContentSHA256"));
        Assert.Equal(Sha256Hex("Welcome to Amazon S4."), Detail(error, "S3ComputedContentSHA256"));
    }

    [Fact]
    public async Task AuthenticateAsync_UnsignedAmzHeader_IsAccessDeniedNamingIt()
    {
        var headers = PutObjectHeaders();
        headers.Add(("x-amz-meta-injected", "yes"));
        var context = Request("PUT", "/test%24file.text", headers, Encoding.UTF8.GetBytes("Welcome to Amazon S3."));

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.AccessDenied, error.Error);
        Assert.Equal("There were headers present in the request which were not signed", error.Message);
        Assert.Equal("x-amz-meta-injected", Detail(error, "HeadersNotSigned"));
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, Signature=abc",
        "The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1, SignedHeaders=host, Signature=abc",
        "The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=abc",
        "The authorization header is malformed; incorrect service \"sqs\". This endpoint belongs to \"s3\".")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130523/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc",
        "The authorization header is malformed; Invalid credential date \"20130523\". This date is not the same as X-Amz-Date: \"20130524\".")]
    [InlineData("AWS4-HMAC-SHA256 Credential, SignedHeaders=host, Signature=abc",
        "The authorization header is malformed; the authorization component \"Credential\" is malformed.")]
    public async Task AuthenticateAsync_MalformedAuthorizationHeader_IsAuthorizationHeaderMalformed(string authorization, string message)
    {
        var context = Request("GET", "/key", [("Host", ExampleHost), ("x-amz-date", Timestamp), ("x-amz-content-sha256", EmptySha256), ("Authorization", authorization)]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.AuthorizationHeaderMalformed, error.Error);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_NoDate_IsAccessDenied()
    {
        var context = Request("GET", "/key", [
            ("Host", ExampleHost),
            ("x-amz-content-sha256", EmptySha256),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc"),
        ]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.AccessDenied, error.Error);
        Assert.Equal("AWS authentication requires a valid Date or x-amz-date header", error.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_UnknownScheme_IsInvalidArgument()
    {
        var context = Request("GET", "/key", [("Authorization", "Bearer token")]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.InvalidArgument, error.Error);
        Assert.Equal("Unsupported Authorization Type", error.Message);
        Assert.Equal("Bearer token", Detail(error, "ArgumentValue"));
    }

    [Fact]
    public async Task AuthenticateAsync_HeaderAndQuerySignature_IsInvalidArgument()
    {
        var context = Request("GET", "/key?X-Amz-Signature=abc", [("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:abc")]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.InvalidArgument, error.Error);
        Assert.StartsWith("Only one auth mechanism allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_BodyShorterThanContentLength_IsIncompleteBody()
    {
        var headers = new List<(string, string)> { ("host", ExampleHost), ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"), ("x-amz-date", Timestamp) };
        var (authorization, _) = SignV4("PUT", "/key", "", headers, "UNSIGNED-PAYLOAD");
        var context = Request("PUT", "/key", [.. headers, ("Authorization", authorization), ("Content-Length", "10")], "abc"u8.ToArray());

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.IncompleteBody, error.Error);
    }

    [Fact]
    public async Task ReadAsync_ServerReportsTruncatedBody_IsIncompleteBody()
    {
        var context = Request("PUT", "/key", [("Content-Length", "10")]);
        context.Request.Body = new TruncatedByServerStream();

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.IncompleteBody, error.Error);
    }

    private static List<(string, string)> PutObjectHeaders(string signature = "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    {
        return
        [
            ("Host", ExampleHost),
            ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
            ("x-amz-date", Timestamp),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"),
            ("Content-Length", "21"),
            ("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature={signature}"),
        ];
    }

    private static DefaultHttpContext SignedGet(string rawTarget, string signedUri)
    {
        var headers = new List<(string, string)> { ("host", ExampleHost), ("x-amz-content-sha256", EmptySha256), ("x-amz-date", Timestamp) };
        var (authorization, _) = SignV4("GET", signedUri, "", headers, EmptySha256);
        return Request("GET", rawTarget, [.. headers, ("Authorization", authorization)]);
    }

    /// <summary>What Kestrel does when a client closes before sending its Content-Length.</summary>
    private sealed class TruncatedByServerStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            throw new BadHttpRequestException("Unexpected end of request content.");
        }
    }
}
