using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.TestKit.Signing;

/// <summary>
/// Signs S3 requests with AWS Signature Version 4 in the Authorization header
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html), and the chunks and
/// trailer of an aws-chunked body (sigv4-streaming.html, sigv4-streaming-trailers.html). Written apart
/// from the server's verifier, so that each checks the other. Shared by the load generator and the
/// tests that send requests no SDK would. Thread-safe; the signing key is derived once per UTC day.
/// </summary>
/// <param name="service">The signing name: <c>s3</c>, or another service on the same endpoint, such as <c>kms</c>.</param>
public sealed class SigV4Signer(string accessKey, string secretKey, string region, string service = "s3")
{
    /// <summary>The payload hash of a request without a body: the SHA-256 of nothing.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Bodies are not hashed: hashing gigabytes on the client would measure the client, not the server.</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    private DaySigningKey? _cachedKey;

    /// <summary>The headers to send with one request, and what chunk signatures chain from.</summary>
    /// <param name="Seed">The request's signature in hex: the first chunk of an aws-chunked body chains from it.</param>
    public readonly record struct Signature(string AmzDate, string Authorization, string Seed);

    /// <summary>Signs exactly <c>host;x-amz-content-sha256;x-amz-date</c>: for requests that send no other x-amz-* header.</summary>
    /// <param name="canonicalUri">The path as sent: already encoded with <see cref="UriEncoding"/> (slashes kept).</param>
    /// <param name="canonicalQuery">The query as sent: encoded names and values, sorted by name, joined with '&amp;'.</param>
    /// <param name="host">The Host header as sent: with the port unless it is the scheme's default.</param>
    public Signature Sign(string method, string canonicalUri, string canonicalQuery, string host, string payloadHash, DateTime utcNow)
    {
        return SignHeaders(method, canonicalUri, canonicalQuery, [("host", host), ("x-amz-content-sha256", payloadHash)], payloadHash, utcNow);
    }

    /// <summary>
    /// Signs the given headers (values as sent, names in any case) and x-amz-date, which this adds. S3 refuses a
    /// request whose x-amz-* headers are not all signed, so a caller that sends one must pass it here. The caller
    /// sends every one of them, plus X-Amz-Date and Authorization from the result.
    /// </summary>
    public Signature SignHeaders(string method, string canonicalUri, string canonicalQuery, IReadOnlyList<(string Name, string Value)> headers, string payloadHash, DateTime utcNow)
    {
        var amzDate = utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var signed = headers
            .Select(header => (Name: header.Name.ToLowerInvariant(), Value: CanonicalValue(header.Value)))
            .Append((Name: "x-amz-date", Value: amzDate))
            .OrderBy(header => header.Name, StringComparer.Ordinal)
            .ToList();
        var signedHeaders = string.Join(';', signed.Select(header => header.Name));

        // 1. The canonical request: what the server rebuilds from what it receives.
        var canonicalRequest = string.Join('\n',
            method,
            canonicalUri,
            canonicalQuery,
            string.Concat(signed.Select(header => $"{header.Name}:{header.Value}\n")),
            signedHeaders,
            payloadHash);

        // 2. The string to sign names the algorithm, the time and the scope, then the canonical request's hash.
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{Scope(amzDate)}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest))}";

        // 3. The signature is an HMAC of that with the day's key.
        var signature = HmacHex(amzDate, stringToSign);
        return new Signature(
            amzDate,
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{Scope(amzDate)}, SignedHeaders={signedHeaders}, Signature={signature}",
            signature);
    }

    /// <summary>One chunk's signature: its data's hash chained to the signature before it.</summary>
    public string SignChunk(string amzDate, string previousSignature, ReadOnlySpan<byte> data)
    {
        return HmacHex(amzDate, $"AWS4-HMAC-SHA256-PAYLOAD\n{amzDate}\n{Scope(amzDate)}\n{previousSignature}\n{EmptyPayloadHash}\n{Sha256Hex(data)}");
    }

    /// <summary>The x-amz-trailer-signature: the trailer lines ("name:value\n" each) chained to the final chunk's signature.</summary>
    public string SignTrailer(string amzDate, string previousSignature, string canonicalTrailers)
    {
        return HmacHex(amzDate, $"AWS4-HMAC-SHA256-TRAILER\n{amzDate}\n{Scope(amzDate)}\n{previousSignature}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalTrailers))}");
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data)
    {
        return Convert.ToHexStringLower(SHA256.HashData(data));
    }

    /// <summary>A header value as SigV4 signs it: trimmed, with each run of spaces inside collapsed to one.</summary>
    private static string CanonicalValue(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c != ' ' || builder[^1] != ' ')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private string Scope(string amzDate)
    {
        return $"{amzDate[..8]}/{region}/{service}/aws4_request";
    }

    private string HmacHex(string amzDate, string stringToSign)
    {
        return Convert.ToHexStringLower(HMACSHA256.HashData(SigningKeyFor(amzDate[..8]), Encoding.UTF8.GetBytes(stringToSign)));
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
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        _cachedKey = new DaySigningKey(day, key);
        return key;
    }

    private static byte[] Hmac(byte[] key, string data)
    {
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
    }

    private sealed record DaySigningKey(string Day, byte[] Key);
}
