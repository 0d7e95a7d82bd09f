using Coffer.S3.Errors;

using static Coffer.S3.Tests.Auth.AuthTestKit;

namespace Coffer.S3.Tests.Auth;

/// <summary>Presigned SigV4 URLs, from the example of "Authenticating Requests: Using Query Parameters".</summary>
public class PresignedUrlTests
{
    private const string DocumentedUrl =
        "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
        + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
        + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

    [Fact]
    public async Task AuthenticateAsync_DocumentedPresignedUrl_IsVerified()
    {
        var context = Request("GET", DocumentedUrl, [("Host", "examplebucket.s3.amazonaws.com")]);

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(ExampleTime.AddHours(23)), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
        Assert.Null(result.DecodedContentLength);
    }

    [Fact]
    public async Task AuthenticateAsync_PresignedUrlAfterExpiry_IsAccessDeniedWithTimes()
    {
        var context = Request("GET", DocumentedUrl, [("Host", "examplebucket.s3.amazonaws.com")]);

        var error = await FailsAsync(Authenticator(ExampleTime.AddSeconds(86401)), context);

        Assert.Equal(S3Error.AccessDenied, error.Error);
        Assert.Equal(403, error.Error.StatusCode);
        Assert.Equal("Request has expired", error.Message);
        Assert.Equal("86400", Detail(error, "X-Amz-Expires"));
        Assert.Equal("2013-05-25T00:00:00Z", Detail(error, "Expires"));
        Assert.Equal("2013-05-25T00:00:01Z", Detail(error, "ServerTime"));
    }

    [Fact]
    public async Task AuthenticateAsync_PresignedUrlOtherHost_IsSignatureDoesNotMatch()
    {
        var context = Request("GET", DocumentedUrl, [("Host", "otherbucket.s3.amazonaws.com")]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.SignatureDoesNotMatch, error.Error);
        Assert.Contains("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524", Detail(error, "CanonicalRequest"), StringComparison.Ordinal);
        Assert.DoesNotContain("X-Amz-Signature", Detail(error, "CanonicalRequest"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("604801", "X-Amz-Expires must be less than a week (in seconds) that is; 604800")]
    [InlineData("-1", "Request has expired")]
    [InlineData("0", "Request has expired")]
    public async Task AuthenticateAsync_ExpiresOutOfRange_IsAccessDenied(string expires, string message)
    {
        var context = Request("GET", DocumentedUrl.Replace("X-Amz-Expires=86400", "X-Amz-Expires=" + expires, StringComparison.Ordinal), [("Host", "examplebucket.s3.amazonaws.com")]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.AccessDenied, error.Error);
        Assert.Equal(403, error.Error.StatusCode);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_ExpiresNotANumber_IsAuthorizationQueryParametersError()
    {
        var context = Request("GET", DocumentedUrl.Replace("X-Amz-Expires=86400", "X-Amz-Expires=soon", StringComparison.Ordinal), [("Host", "examplebucket.s3.amazonaws.com")]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.AuthorizationQueryParametersError, error.Error);
        Assert.Equal("X-Amz-Expires should be a number", error.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_PresignedForOtherRegion_IsAuthorizationQueryParametersErrorNamingRegion()
    {
        var url = DocumentedUrl.Replace("%2Fus-east-1%2F", "%2Feu-west-1%2F", StringComparison.Ordinal);
        var context = Request("GET", url, [("Host", "examplebucket.s3.amazonaws.com")]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.AuthorizationQueryParametersError, error.Error);
        Assert.Equal("Error parsing the X-Amz-Credential parameter; the region 'eu-west-1' is wrong; expecting 'us-east-1'", error.Message);
        Assert.Equal("us-east-1", Detail(error, "Region"));
    }

    [Fact]
    public async Task AuthenticateAsync_PresignedMissingParameter_IsAuthorizationQueryParametersError()
    {
        var context = Request("GET", DocumentedUrl.Replace("&X-Amz-SignedHeaders=host", string.Empty, StringComparison.Ordinal), [("Host", "examplebucket.s3.amazonaws.com")]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.AuthorizationQueryParametersError, error.Error);
        Assert.StartsWith("Query-string authentication version 4 requires", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_PresignedUnknownKey_IsInvalidAccessKeyId()
    {
        var context = Request("GET", DocumentedUrl.Replace("AKIAIOSFODNN7EXAMPLE", "AKIAUNKNOWN", StringComparison.Ordinal), [("Host", "examplebucket.s3.amazonaws.com")]);

        var error = await FailsAsync(Authenticator(ExampleTime), context);

        Assert.Equal(S3Error.InvalidAccessKeyId, error.Error);
    }

    [Fact]
    public async Task AuthenticateAsync_PresignedDatedBeyondClockSkew_IsAccessDeniedNotYetValid()
    {
        var context = Request("GET", DocumentedUrl, [("Host", "examplebucket.s3.amazonaws.com")]);

        var error = await FailsAsync(Authenticator(ExampleTime.AddHours(-1)), context);

        Assert.Equal(S3Error.AccessDenied, error.Error);
        Assert.Equal("Request is not yet valid", error.Message);
        Assert.Equal("1369353600000", Detail(error, "X-Amz-Date"));
        Assert.Equal("2013-05-25T00:00:00Z", Detail(error, "Expires"));
    }
}
