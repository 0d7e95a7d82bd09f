using System.Text;

using Coffer.S3.Errors;

using static Coffer.S3.Tests.Auth.AuthTestKit;

namespace Coffer.S3.Tests.Auth;

/// <summary>
/// IAM and STS requests: a form POST signed for service iam or sts over the body's hash, which
/// these clients do not send in x-amz-content-sha256.
/// </summary>
public class QueryApiAuthenticationTests
{
    private static readonly IReadOnlySet<string> Services = new HashSet<string> { "iam", "sts" };

    private static readonly byte[] Form = Encoding.UTF8.GetBytes("Action=ListUsers&Version=2010-05-08");

    [Theory]
    [InlineData("iam", "us-east-1")]
    [InlineData("sts", "us-east-1")]
    [InlineData("iam", "")]
    public async Task AuthenticateQueryApi_SignedForAQueryService_ReturnsTheCallerAndService(string service, string region)
    {
        var context = SignedForm(service, region, contentSha256: null);

        var (credentials, signedFor) = await Authenticator(ExampleTime).AuthenticateQueryApiAsync(context, Services, Form, CancellationToken.None);

        Assert.Equal((AccessKeyId, service), (credentials?.AccessKeyId, signedFor));
    }

    [Theory]
    [InlineData("s3", "us-east-1", "AuthorizationHeaderMalformed")]
    [InlineData("iam", "eu-west-1", "AuthorizationHeaderMalformed")]
    public async Task AuthenticateQueryApi_ForAnotherServiceOrRegion_IsRefused(string service, string region, string code)
    {
        var context = SignedForm(service, region, contentSha256: null);

        var error = await Assert.ThrowsAsync<S3Exception>(() => Authenticator(ExampleTime).AuthenticateQueryApiAsync(context, Services, Form, CancellationToken.None));

        Assert.Equal(code, error.Error.Code);
    }

    [Fact]
    public async Task AuthenticateQueryApi_BodyNotTheOneSigned_IsSignatureDoesNotMatch()
    {
        var context = SignedForm("iam", "us-east-1", contentSha256: null);

        var error = await Assert.ThrowsAsync<S3Exception>(() => Authenticator(ExampleTime).AuthenticateQueryApiAsync(
            context, Services, Encoding.UTF8.GetBytes("Action=DeleteUser&UserName=alice&Version=2010-05-08"), CancellationToken.None));

        Assert.Equal("SignatureDoesNotMatch", error.Error.Code);
    }

    [Fact]
    public async Task AuthenticateQueryApi_ContentSha256HeaderThatDisagreesWithTheBody_IsMismatch()
    {
        var context = SignedForm("iam", "us-east-1", contentSha256: EmptySha256);

        var error = await Assert.ThrowsAsync<S3Exception>(() => Authenticator(ExampleTime).AuthenticateQueryApiAsync(context, Services, Form, CancellationToken.None));

        Assert.Equal("XAmzContentSHA256Mismatch", error.Error.Code);
    }

    [Fact]
    public async Task AuthenticateQueryApi_Unsigned_ReturnsNoCaller()
    {
        var context = Request("POST", "/", [("Host", "localhost"), ("Content-Type", "application/x-www-form-urlencoded")], Form);

        var (credentials, _) = await Authenticator(ExampleTime).AuthenticateQueryApiAsync(context, Services, Form, CancellationToken.None);

        Assert.Null(credentials);
    }

    /// <summary>A form POST signed as botocore signs IAM calls: host, content-type and x-amz-date, with the body's hash in the canonical request only.</summary>
    private static Microsoft.AspNetCore.Http.DefaultHttpContext SignedForm(string service, string region, string? contentSha256)
    {
        var headers = new List<(string Name, string Value)>
        {
            ("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
            ("host", "localhost"),
            ("x-amz-date", Timestamp),
        };
        var signedHeaders = string.Join(';', headers.Select(h => h.Name));
        var canonical = $"POST\n/\n\n{string.Concat(headers.Select(h => $"{h.Name}:{h.Value}\n"))}\n{signedHeaders}\n{Sha256Hex(Form)}";
        var scope = $"20130524/{region}/{service}/aws4_request";
        var signature = Sign(SigningKey(region: region, service: service), StringToSign(canonical, Timestamp, scope));
        var sent = headers.Select(h => (h.Name, h.Value)).ToList();
        sent.Add(("Authorization", $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        if (contentSha256 is not null)
        {
            sent.Add(("x-amz-content-sha256", contentSha256));
        }

        return Request("POST", "/", sent, Form);
    }
}
