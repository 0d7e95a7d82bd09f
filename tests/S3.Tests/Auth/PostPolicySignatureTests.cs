using System.Security.Cryptography;
using System.Text;

using Coffer.S3.Auth;

namespace Coffer.S3.Tests.Auth;

/// <summary>
/// The signature of a browser upload form. The SigV4 vector is the worked example of AWS's "Example:
/// Browser-Based Upload using HTTP POST (Using AWS Signature Version 4)": its published base64 policy,
/// the example key and the published signature. SigV2 signatures are computed here with HMACSHA1.
/// </summary>
public class PostPolicySignatureTests
{
    private const string ExamplePolicy =
        "eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9";

    private const string ExampleSignature = "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e";

    private static readonly PostPolicySignature Verifier = AuthTestKit.Authenticator(AuthTestKit.ExampleTime).PostPolicy;

    private static Dictionary<string, string> V4Form(string signature = ExampleSignature, string credential = "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request") =>
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["Policy"] = ExamplePolicy,
            ["X-Amz-Algorithm"] = "AWS4-HMAC-SHA256",
            ["X-Amz-Credential"] = credential,
            ["X-Amz-Date"] = "20151229T000000Z",
            ["X-Amz-Signature"] = signature,
        };

    private static Task<AccessKeyCredentials?> VerifyAsync(Dictionary<string, string> form) =>
        Verifier.VerifyAsync(name => form.TryGetValue(name, out var value) ? value : null, CancellationToken.None);

    [Fact]
    public async Task VerifyAsync_AwsSigV4PostExample_ReturnsTheSigner()
    {
        var signer = await VerifyAsync(V4Form());

        Assert.Equal(AuthTestKit.AccessKeyId, signer?.AccessKeyId);
        Assert.Equal(AuthTestKit.Principal, signer?.Principal);
    }

    [Fact]
    public async Task VerifyAsync_SigV4WithAnotherSignature_IsSignatureDoesNotMatch()
    {
        var error = await Assert.ThrowsAsync<Errors.S3Exception>(() => VerifyAsync(V4Form(signature: ExampleSignature.Replace('8', '9'))));

        Assert.Equal("SignatureDoesNotMatch", error.Error.Code);
        Assert.Equal(ExamplePolicy, AuthTestKit.Detail(error, "StringToSign"));
    }

    [Fact]
    public async Task VerifyAsync_UnknownAccessKey_IsInvalidAccessKeyId()
    {
        var error = await Assert.ThrowsAsync<Errors.S3Exception>(() => VerifyAsync(V4Form(credential: "AKIAUNKNOWN/20151229/us-east-1/s3/aws4_request")));

        Assert.Equal("InvalidAccessKeyId", error.Error.Code);
    }

    [Fact]
    public async Task VerifyAsync_CredentialForAnotherRegion_IsRefusedNamingTheRegion()
    {
        var error = await Assert.ThrowsAsync<Errors.S3Exception>(() => VerifyAsync(V4Form(credential: "AKIAIOSFODNN7EXAMPLE/20151229/eu-west-1/s3/aws4_request")));

        Assert.Equal("us-east-1", AuthTestKit.Detail(error, "Region"));
    }

    [Fact]
    public async Task VerifyAsync_SigV4WithoutSignatureField_IsInvalidArgumentNamingIt()
    {
        var form = V4Form();
        form.Remove("X-Amz-Signature");

        var error = await Assert.ThrowsAsync<Errors.S3Exception>(() => VerifyAsync(form));

        Assert.Equal("InvalidArgument", error.Error.Code);
        Assert.Equal("Bucket POST must contain a field named 'X-Amz-Signature'.  If it is specified, please check the order of the fields.", error.Message);
    }

    [Fact]
    public async Task VerifyAsync_SigV2_AcceptsBase64HmacSha1OfThePolicyAndRefusesAnother()
    {
        var policy = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"expiration":"2030-01-01T00:00:00Z","conditions":[]}"""));
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(AuthTestKit.Secret), Encoding.UTF8.GetBytes(policy)));
        var form = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["policy"] = policy,
            ["AWSAccessKeyId"] = AuthTestKit.AccessKeyId,
            ["signature"] = signature,
        };

        Assert.Equal(AuthTestKit.Principal, (await VerifyAsync(form))?.Principal);

        form["signature"] = Convert.ToBase64String(new byte[20]);
        var error = await Assert.ThrowsAsync<Errors.S3Exception>(() => VerifyAsync(form));
        Assert.Equal("SignatureDoesNotMatch", error.Error.Code);
    }

    [Fact]
    public async Task VerifyAsync_PolicyWithAccessKeyButNoSignature_IsInvalidArgument()
    {
        var form = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["policy"] = "e30=", ["AWSAccessKeyId"] = AuthTestKit.AccessKeyId };

        var error = await Assert.ThrowsAsync<Errors.S3Exception>(() => VerifyAsync(form));

        Assert.Equal(400, error.Error.StatusCode);
        Assert.Contains("'Signature'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_SignatureWithoutPolicy_IsInvalidArgumentNamingPolicy()
    {
        var form = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["AWSAccessKeyId"] = AuthTestKit.AccessKeyId, ["signature"] = "x" };

        var error = await Assert.ThrowsAsync<Errors.S3Exception>(() => VerifyAsync(form));

        Assert.Contains("'Policy'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_NeitherPolicyNorSignature_IsAnonymous()
    {
        Assert.Null(await VerifyAsync(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["key"] = "a" }));
    }
}
