using System.Text;

using Coffer.Access.Principals;
using Coffer.S3.Auth;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Coffer.S3.Tests.Auth;

/// <summary>
/// Raw requests signed by real clients, captured on the wire by the scripts in Captured/ and replayed
/// at the time they were signed. boto3 1.43 (the client of the ceph s3-tests suite) pins botocore's
/// escaping of awkward keys and query values, its SigV2 sub-resources, and its presigned URLs, which
/// are SigV2 by default against a custom endpoint. The AWS SDK for JavaScript v3 (3.1169) sends
/// streamed bodies as unsigned aws-chunked with a CRC32 trailer, in chunks far below 8 KiB.
/// </summary>
public class CapturedClientRequestTests
{
    [Theory]
    [InlineData("sigv4-put-small")]
    [InlineData("sigv4-put-binary")]
    [InlineData("sigv4-get-range")]
    [InlineData("sigv4-list-awkward")]
    [InlineData("sigv4-delete-objects")]
    [InlineData("sigv4-upload-part")]
    [InlineData("sigv4-presigned-get")]
    [InlineData("sigv2-put")]
    [InlineData("sigv2-get-acl")]
    [InlineData("sigv2-presigned-get")]
    public async Task AuthenticateAsync_CapturedBotocoreRequest_IsVerifiedWithItsBody(string name)
    {
        var (context, body, signedAt) = await LoadAsync(name);
        var authenticator = new RequestAuthenticator(new Keys(), new AuthenticationOptions { Region = "us-east-1" }, new Clock(signedAt));

        var (result, decoded) = await AuthTestKit.AuthenticateAndReadAsync(authenticator, context);

        Assert.Equal("AKIDBOTO", result.AccessKeyId);
        Assert.Equal(body, decoded);
    }

    [Theory]
    [InlineData("js-put-buffer")]
    [InlineData("js-list-awkward")]
    public async Task AuthenticateAsync_CapturedJavaScriptRequest_IsVerified(string name)
    {
        var (context, body, signedAt) = await LoadAsync(name);
        var authenticator = new RequestAuthenticator(new Keys(), new AuthenticationOptions { Region = "us-east-1" }, new Clock(signedAt));

        var (result, decoded) = await AuthTestKit.AuthenticateAndReadAsync(authenticator, context);

        Assert.Equal("AKIDJS", result.AccessKeyId);
        Assert.Equal(body, decoded);
    }

    [Fact]
    public async Task AuthenticateAsync_CapturedJavaScriptStreamedPut_DecodesChunksAndTrailer()
    {
        var (context, _, signedAt) = await LoadAsync("js-put-stream");
        var authenticator = new RequestAuthenticator(new Keys(), new AuthenticationOptions { Region = "us-east-1" }, new Clock(signedAt));

        var (result, decoded) = await AuthTestKit.AuthenticateAndReadAsync(authenticator, context);

        Assert.Equal("hello world", Encoding.ASCII.GetString(decoded));
        Assert.Equal(11, result.DecodedContentLength);
        Assert.Equal("DUoRhQ==", result.Trailers["x-amz-checksum-crc32"]);
    }

    [Fact]
    public async Task AuthenticateAsync_CapturedRequestWithOtherKey_IsSignatureDoesNotMatch()
    {
        var (context, _, signedAt) = await LoadAsync("sigv4-list-awkward");
        var authenticator = new RequestAuthenticator(new Keys("other/secret"), new AuthenticationOptions { Region = "us-east-1" }, new Clock(signedAt));

        var error = await AuthTestKit.FailsAsync(authenticator, context);

        Assert.Equal("SignatureDoesNotMatch", error.Error.Code);
    }

    /// <summary>Parses "METHOD target HTTP/1.1", the headers and the body; the clock is set to the signing time.</summary>
    private static async Task<(DefaultHttpContext Context, byte[] Body, DateTimeOffset SignedAt)> LoadAsync(string name)
    {
        var raw = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Auth", "Captured", name + ".http"));
        var split = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        var lines = Encoding.UTF8.GetString(raw, 0, split).Split("\r\n");
        var body = raw[(split + 4)..];
        var requestLine = lines[0].Split(' ');

        var context = new DefaultHttpContext();
        context.Request.Method = requestLine[0];
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = requestLine[1];
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            context.Request.Headers.Append(line[..colon], line[(colon + 1)..].Trim());
        }

        context.Request.Body = new MemoryStream(body);
        return (context, body, SigningTime(context.Request, requestLine[1]));
    }

    private static DateTimeOffset SigningTime(HttpRequest request, string target)
    {
        var query = QueryParameters.Parse(target.Contains('?', StringComparison.Ordinal) ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..] : "");
        if (AmzDate.TryParseAny(request.Headers["X-Amz-Date"].ToString(), out var time)
            || AmzDate.TryParseAny(request.Headers.Date.ToString(), out time)
            || AmzDate.TryParseBasic(query.Get("X-Amz-Date"), out time))
        {
            return time;
        }

        // SigV2 presigned URLs carry only their expiry; the capture script signs them for an hour.
        return DateTimeOffset.FromUnixTimeSeconds(long.Parse(query.Get("Expires")!, System.Globalization.CultureInfo.InvariantCulture)).AddHours(-1);
    }

    /// <summary>The capture scripts' keys; <paramref name="botoSecret"/> replaces boto's to test a wrong secret.</summary>
    private sealed class Keys(string botoSecret = "boto/secret+key") : IAccessKeyStore
    {
        public ValueTask<AccessKeyCredentials?> FindAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
        {
            return ValueTask.FromResult(accessKeyId switch
            {
                "AKIDBOTO" => new AccessKeyCredentials(accessKeyId, botoSecret, "boto", RequestPrincipal.Root("000000000000")),
                "AKIDJS" => new AccessKeyCredentials(accessKeyId, "js/secret+key", "js", RequestPrincipal.Root("000000000000")),
                _ => null,
            });
        }
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
