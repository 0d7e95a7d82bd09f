using System.Security.Cryptography;
using System.Text;

using Coffer.Access.Principals;
using Coffer.S3.Auth;
using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Coffer.S3.Tests.Auth;

/// <summary>
/// Builds requests by hand and signs them with a deliberately naive SigV4 written here, independent of
/// the production code, so that the two can check each other.
/// </summary>
internal static class AuthTestKit
{
    // The example credentials and time of the AWS S3 documentation's signing examples.
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string Principal = "example-user";
    public const string Timestamp = "20130524T000000Z";
    public const string Scope = "20130524/us-east-1/s3/aws4_request";
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static readonly DateTimeOffset ExampleTime = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    public static RequestAuthenticator Authenticator(DateTimeOffset now, params string[] virtualHostDomains)
    {
        var keys = new InMemoryKeyStore(new AccessKeyCredentials(AccessKeyId, Secret, Principal, RequestPrincipal.Root("000000000000")));
        var options = new AuthenticationOptions { Region = "us-east-1", VirtualHostDomains = virtualHostDomains };
        return new RequestAuthenticator(keys, options, new FixedClock(now));
    }

    public static DefaultHttpContext Request(string method, string rawTarget, IEnumerable<(string Name, string Value)> headers, byte[]? body = null)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = method;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        foreach (var (name, value) in headers)
        {
            request.Headers.Append(name, value);
        }

        request.Body = new MemoryStream(body ?? []);
        return context;
    }

    public static async Task<(AuthenticatedRequest Result, byte[] Body)> AuthenticateAndReadAsync(RequestAuthenticator authenticator, HttpContext context)
    {
        var result = await authenticator.AuthenticateAsync(context, CancellationToken.None);
        var body = new MemoryStream();
        await result.Body.CopyToAsync(body);
        return (result, body.ToArray());
    }

    public static async Task<S3Exception> FailsAsync(RequestAuthenticator authenticator, HttpContext context)
    {
        return await Assert.ThrowsAsync<S3Exception>(() => AuthenticateAndReadAsync(authenticator, context));
    }

    public static string Detail(S3Exception exception, string name)
    {
        foreach (var (key, value) in exception.Details)
        {
            if (key == name)
            {
                return value;
            }
        }

        throw new Xunit.Sdk.XunitException($"No {name} detail in {exception.Error.Code}: {exception.Message}");
    }

    public static byte[] SigningKey(string date = "20130524", string region = "us-east-1", string service = "s3", string secret = Secret)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        return Hmac(key, "aws4_request");
    }

    public static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    public static string StringToSign(string canonicalRequest, string timestamp = Timestamp, string scope = Scope)
    {
        return $"AWS4-HMAC-SHA256\n{timestamp}\n{scope}\n{Sha256Hex(canonicalRequest)}";
    }

    public static string Sign(byte[] key, string stringToSign) => Convert.ToHexStringLower(Hmac(key, stringToSign));

    /// <summary>
    /// Signs with the example key: <paramref name="headers"/> must already be lower-case and sorted,
    /// <paramref name="canonicalUri"/> and <paramref name="canonicalQuery"/> already canonical.
    /// Returns the Authorization header value and the signature.
    /// </summary>
    public static (string Authorization, string Signature) SignV4(
        string method, string canonicalUri, string canonicalQuery, IReadOnlyList<(string Name, string Value)> headers, string payloadHash, string region = "us-east-1")
    {
        var canonicalHeaders = new StringBuilder();
        foreach (var (name, value) in headers)
        {
            canonicalHeaders.Append(name).Append(':').Append(value.Trim()).Append('\n');
        }

        var signedHeaders = string.Join(';', headers.Select(h => h.Name));
        var canonical = $"{method}\n{canonicalUri}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";
        var scope = $"20130524/{region}/s3/aws4_request";
        var signature = Sign(SigningKey(region: region), StringToSign(canonical, Timestamp, scope));
        return ($"AWS4-HMAC-SHA256 Credential={AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}", signature);
    }

    /// <summary>Signed headers of a PUT /bucket/key with an aws-chunked body; the seed signature starts the chunk chain.</summary>
    public static (List<(string, string)> Headers, string Seed) StreamingHeaders(string contentSha256, long decodedLength, string? trailer)
    {
        var headers = new List<(string, string)>
        {
            ("content-encoding", "aws-chunked"),
            ("host", "s3.amazonaws.com"),
            ("x-amz-content-sha256", contentSha256),
            ("x-amz-date", Timestamp),
            ("x-amz-decoded-content-length", decodedLength.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (trailer is not null)
        {
            headers.Add(("x-amz-trailer", trailer));
        }

        var (authorization, seed) = SignV4("PUT", "/bucket/key", "", headers, contentSha256);
        headers.Add(("Authorization", authorization));
        return (headers, seed);
    }

    /// <summary>Frames <paramref name="chunks"/> as aws-chunked, chaining signatures from <paramref name="seed"/> (null: unsigned).</summary>
    public static byte[] ChunkedBody(string? seed, IEnumerable<byte[]> chunks, IReadOnlyList<(string Name, string Value)>? trailers = null)
    {
        var key = SigningKey();
        var previous = seed;
        var body = new MemoryStream();
        foreach (var chunk in chunks.Append([]))
        {
            var header = chunk.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            if (previous is not null)
            {
                previous = Sign(key, $"AWS4-HMAC-SHA256-PAYLOAD\n{Timestamp}\n{Scope}\n{previous}\n{EmptySha256}\n{Sha256Hex(chunk)}");
                header += ";chunk-signature=" + previous;
            }

            Write(body, header + "\r\n");
            body.Write(chunk);
            if (chunk.Length > 0 || trailers is null)
            {
                Write(body, "\r\n");
            }
        }

        if (trailers is not null)
        {
            var canonical = new StringBuilder();
            foreach (var (name, value) in trailers)
            {
                Write(body, $"{name}:{value}\r\n");
                canonical.Append(name).Append(':').Append(value).Append('\n');
            }

            if (previous is not null)
            {
                var signature = Sign(key, $"AWS4-HMAC-SHA256-TRAILER\n{Timestamp}\n{Scope}\n{previous}\n{Sha256Hex(canonical.ToString())}");
                Write(body, $"x-amz-trailer-signature:{signature}\r\n");
            }

            Write(body, "\r\n");
        }

        return body.ToArray();
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));

    private static byte[] Hmac(byte[] key, string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));

    private sealed class InMemoryKeyStore(params AccessKeyCredentials[] credentials) : IAccessKeyStore
    {
        public ValueTask<AccessKeyCredentials?> FindAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
        {
            return ValueTask.FromResult(credentials.FirstOrDefault(c => c.AccessKeyId == accessKeyId));
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
