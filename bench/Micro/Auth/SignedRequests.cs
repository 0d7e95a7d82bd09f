using Coffer.Access.Principals;
using Coffer.S3.Auth;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Coffer.Bench.Micro.Auth;

// The requests the SigV4 benchmarks verify, as the AWS CLI sends them: each a DefaultHttpContext with the raw
// target set, built once and verified over and over (verification only reads the request).
internal static class SignedRequests
{
    public const string AccessKeyId = "AKIDBENCHMARK00000001";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";
    public const string Host = "127.0.0.1:9000";

    public static readonly DateTimeOffset Now = new(2026, 11, 22, 4, 0, 0, TimeSpan.Zero);

    private const string Date = "20261122";
    private const string Timestamp = "20261122T040000Z";
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static HttpContext HeaderSignedGet() =>
        HeaderSigned("GET", "/photos/2026/11/holiday.jpg", EmptySha256, contentLength: null);

    public static HttpContext HeaderSignedPut() =>
        HeaderSigned("PUT", "/photos/2026/11/holiday.jpg", "UNSIGNED-PAYLOAD", contentLength: 4096);

    public static HttpContext Presigned()
    {
        const string Path = "/photos/2026/11/holiday.jpg";
        var query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + $"&X-Amz-Credential={AccessKeyId}%2F{Date}%2F{Region}%2Fs3%2Faws4_request"
            + $"&X-Amz-Date={Timestamp}&X-Amz-Expires=3600&X-Amz-SignedHeaders=host";
        var canonical = $"GET\n{Path}\n{query}\nhost:{Host}\n\nhost\nUNSIGNED-PAYLOAD";
        var signature = BenchmarkSigner.Sign(Secret, Date, Region, canonical, Timestamp);
        var context = NewContext("GET", Path, $"?{query}&X-Amz-Signature={signature}");
        return context;
    }

    public static IAccessKeyStore Keys() => new OneKey();

    private static DefaultHttpContext HeaderSigned(string method, string path, string payloadHash, long? contentLength)
    {
        var context = NewContext(method, path, "");
        var headers = context.Request.Headers;
        headers["x-amz-date"] = Timestamp;
        headers["x-amz-content-sha256"] = payloadHash;
        headers.UserAgent = "aws-cli/2.22.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.6";
        headers.Accept = "*/*";
        var signedNames = "host;x-amz-content-sha256;x-amz-date";
        var canonicalHeaders = $"host:{Host}\nx-amz-content-sha256:{payloadHash}\nx-amz-date:{Timestamp}\n";
        if (contentLength is { } length)
        {
            context.Request.ContentLength = length;
            headers.ContentType = "application/octet-stream";
            signedNames = "content-length;content-type;" + signedNames;
            canonicalHeaders = $"content-length:{length}\ncontent-type:application/octet-stream\n" + canonicalHeaders;
        }

        var canonical = $"{method}\n{path}\n\n{canonicalHeaders}\n{signedNames}\n{payloadHash}";
        var signature = BenchmarkSigner.Sign(Secret, Date, Region, canonical, Timestamp);
        headers.Authorization =
            $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/{Date}/{Region}/s3/aws4_request, SignedHeaders={signedNames}, Signature={signature}";
        return context;
    }

    private static DefaultHttpContext NewContext(string method, string path, string queryString)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Host = new HostString(Host);
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(queryString.Length == 0 ? null : queryString);
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = path + queryString;
        return context;
    }

    private sealed class OneKey : IAccessKeyStore
    {
        private readonly AccessKeyCredentials _credentials =
            new(AccessKeyId, Secret, "owner", RequestPrincipal.Root("123456789012"));

        public ValueTask<AccessKeyCredentials?> FindAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken) =>
            ValueTask.FromResult(accessKeyId == AccessKeyId ? _credentials : null);
    }
}
