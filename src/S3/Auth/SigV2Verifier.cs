using System.Globalization;
using System.Security.Cryptography;
using System.Text;

using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Auth;

/// <summary>
/// Signature Version 2, which older clients (s3cmd, boto2, some backup tools) still send: the header
/// form <c>Authorization: AWS AKID:base64(HMAC-SHA1)</c> and the query form
/// <c>?AWSAccessKeyId=…&amp;Expires=…&amp;Signature=…</c>.
/// </summary>
internal sealed class SigV2Verifier(IAccessKeyStore keys, AuthenticationOptions options, TimeProvider clock)
{
    public const string Prefix = "AWS ";
    public const string SignatureParameter = "Signature";
    public const string AccessKeyParameter = "AWSAccessKeyId";

    public async Task<VerifiedSignature> VerifyHeaderAsync(
        HttpRequest request,
        RequestTarget target,
        string authorization,
        CancellationToken cancellationToken)
    {
        // 1. "AWS AKID:signature".
        var colon = authorization.IndexOf(':', Prefix.Length);
        if (colon <= Prefix.Length || colon == authorization.Length - 1)
        {
            throw AuthErrors.InvalidArgument(
                "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature", "Authorization", authorization);
        }

        var accessKeyId = authorization[Prefix.Length..colon].Trim();
        var signature = authorization[(colon + 1)..].Trim();

        // 2. A date near the server clock, from x-amz-date if present (clients that cannot set Date use it).
        var amzDate = request.Headers["x-amz-date"].ToString();
        var rawDate = amzDate.Length > 0 ? amzDate : request.Headers.Date.ToString();
        if (!AmzDate.TryParseAny(rawDate, out var requestTime))
        {
            throw AuthErrors.MissingDate();
        }

        var now = clock.GetUtcNow();
        if ((now - requestTime).Duration() > options.MaxClockSkew)
        {
            throw AuthErrors.RequestTimeTooSkewed(rawDate, now, options.MaxClockSkew);
        }

        // 3. The key and the signature. With x-amz-date, the documented form leaves the date line empty and
        // signs x-amz-date among the x-amz-* headers, while the documentation's own example puts its value
        // on the date line; clients follow one or the other, so both are accepted.
        var credentials = await FindAsync(accessKeyId, SessionToken.FromHeaders(request), cancellationToken);
        var dateLine = amzDate.Length > 0 ? string.Empty : rawDate;
        var stringToSign = SigV2StringToSign.Build(request, target, dateLine, options.VirtualHostDomains, omitAmzDate: false);
        if (!Matches(credentials, stringToSign, signature)
            && (amzDate.Length == 0 || !Matches(credentials, SigV2StringToSign.Build(request, target, amzDate, options.VirtualHostDomains, omitAmzDate: true), signature)))
        {
            throw AuthErrors.SignatureDoesNotMatch(accessKeyId, stringToSign, signature, canonicalRequest: null);
        }

        return new VerifiedSignature(credentials, ReadPayloadHash(request), Streaming: null);
    }

    public async Task<VerifiedSignature> VerifyQueryAsync(HttpRequest request, RequestTarget target, CancellationToken cancellationToken)
    {
        // 1. All three parameters; Expires in seconds since the epoch.
        var accessKeyId = target.Query.Get(AccessKeyParameter);
        var signature = target.Query.Get(SignatureParameter);
        var expiresText = target.Query.Get("Expires");
        if (string.IsNullOrEmpty(accessKeyId) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(expiresText))
        {
            throw new S3Exception(
                S3Error.AccessDenied, "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
        }

        if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresSeconds)
            || expiresSeconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new S3Exception(S3Error.AccessDenied, $"Invalid date (should be seconds since epoch): {expiresText}");
        }

        // 2. Not expired.
        var expires = DateTimeOffset.FromUnixTimeSeconds(expiresSeconds);
        var now = clock.GetUtcNow();
        if (now > expires)
        {
            throw AuthErrors.Expired(xAmzExpires: null, expires, now);
        }

        // 3. The key and the signature, with Expires on the date line.
        var credentials = await FindAsync(accessKeyId, SessionToken.FromQuery(target) ?? SessionToken.FromHeaders(request), cancellationToken);
        var stringToSign = SigV2StringToSign.Build(request, target, expiresText, options.VirtualHostDomains, omitAmzDate: false);
        if (!Matches(credentials, stringToSign, signature))
        {
            throw AuthErrors.SignatureDoesNotMatch(accessKeyId, stringToSign, signature, canonicalRequest: null);
        }

        return new VerifiedSignature(credentials, ReadPayloadHash(request), Streaming: null);
    }

    /// <summary>SigV2 signs no payload hash, but a client that sends x-amz-content-sha256 anyway gets it checked.</summary>
    private static PayloadHash ReadPayloadHash(HttpRequest request)
    {
        var value = request.Headers[PayloadHash.HeaderName];
        var payload = PayloadHash.Parse(value.Count == 0 ? null : value.ToString());
        return payload.HasSignedChunks
            ? throw AuthErrors.InvalidArgument("Chunk-signed payloads require Signature Version 4.", PayloadHash.HeaderName, payload.HeaderValue!)
            : payload;
    }

    private static bool Matches(AccessKeyCredentials credentials, string stringToSign, string signature)
    {
        Span<byte> provided = stackalloc byte[20];
        if (!Convert.TryFromBase64String(signature, provided, out var written) || written != provided.Length)
        {
            return false;
        }

        Span<byte> computed = stackalloc byte[20];
        HMACSHA1.HashData(Encoding.UTF8.GetBytes(credentials.SecretAccessKey), Encoding.UTF8.GetBytes(stringToSign), computed);
        return CryptographicOperations.FixedTimeEquals(computed, provided);
    }

    private async Task<AccessKeyCredentials> FindAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
    {
        return await keys.FindAsync(accessKeyId, sessionToken, cancellationToken) ?? throw AuthErrors.InvalidAccessKeyId(accessKeyId);
    }
}
