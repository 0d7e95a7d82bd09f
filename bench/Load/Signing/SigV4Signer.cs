using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Bench.Load.Signing;

/// <summary>
/// Signs S3 requests with AWS Signature Version 4 in the Authorization header, signing exactly
/// <c>host;x-amz-content-sha256;x-amz-date</c>: https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
/// Thread-safe; the signing key is derived once per UTC day, not per request.
/// </summary>
internal sealed class SigV4Signer(string accessKey, string secretKey, string region)
{
    /// <summary>The payload hash of a request without a body: the SHA-256 of nothing.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Bodies are not hashed: hashing gigabytes on the client would measure the client, not the server.</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    private const string SignedHeaders = "host;x-amz-content-sha256;x-amz-date";

    private DaySigningKey? _cachedKey;

    /// <summary>The headers to send with one request.</summary>
    public readonly record struct Signature(string AmzDate, string Authorization);

    /// <param name="canonicalUri">The path as sent: already encoded with <see cref="UriEncoding"/> (slashes kept).</param>
    /// <param name="canonicalQuery">The query as sent: encoded names and values, sorted by name, joined with '&amp;'.</param>
    /// <param name="host">The Host header as sent: with the port unless it is the scheme's default.</param>
    public Signature Sign(string method, string canonicalUri, string canonicalQuery, string host, string payloadHash, DateTime utcNow)
    {
        var amzDate = utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = amzDate[..8];
        var scope = $"{day}/{region}/s3/aws4_request";

        // 1. The canonical request: what the server rebuilds from what it receives.
        var canonicalRequest = string.Join('\n',
            method,
            canonicalUri,
            canonicalQuery,
            $"host:{host}",
            $"x-amz-content-sha256:{payloadHash}",
            $"x-amz-date:{amzDate}",
            "",
            SignedHeaders,
            payloadHash);

        // 2. The string to sign names the algorithm, the time and the scope, then the canonical request's hash.
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        // 3. The signature is an HMAC of that with the day's key.
        var signature = Hex(HMACSHA256.HashData(SigningKeyFor(day), Encoding.UTF8.GetBytes(stringToSign)));
        return new Signature(
            amzDate,
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={SignedHeaders}, Signature={signature}");
    }

    private byte[] SigningKeyFor(string day)
    {
        var cached = _cachedKey;
        if (cached is not null && cached.Day == day)
        {
            return cached.Key;
        }

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), day);
        key = Hmac(key, region);
        key = Hmac(key, "s3");
        key = Hmac(key, "aws4_request");
        _cachedKey = new DaySigningKey(day, key);
        return key;
    }

    private static byte[] Hmac(byte[] key, string data)
    {
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
    }

    private static string Hex(byte[] bytes)
    {
        return Convert.ToHexStringLower(bytes);
    }

    private sealed record DaySigningKey(string Day, byte[] Key);
}
