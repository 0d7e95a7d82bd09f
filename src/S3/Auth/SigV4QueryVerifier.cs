using System.Globalization;

using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Auth;

/// <summary>
/// Presigned URLs: <c>?X-Amz-Algorithm=AWS4-HMAC-SHA256&amp;X-Amz-Credential=…&amp;X-Amz-Date=…&amp;X-Amz-Expires=…
/// &amp;X-Amz-SignedHeaders=host&amp;X-Amz-Signature=…</c>. The payload is unsigned unless the request
/// carries x-amz-content-sha256. See https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html.
/// </summary>
internal sealed class SigV4QueryVerifier(
    IAccessKeyStore keys,
    AuthenticationOptions options,
    TimeProvider clock,
    SigningKeyCache signingKeys)
{
    public const string AlgorithmParameter = "X-Amz-Algorithm";
    public const string CredentialParameter = "X-Amz-Credential";
    public const string SignatureParameter = "X-Amz-Signature";

    /// <summary>S3's ceiling for X-Amz-Expires: seven days.</summary>
    private const long MaxExpiresSeconds = 604800;

    public async Task<VerifiedSignature> VerifyAsync(HttpRequest request, RequestTarget target, CancellationToken cancellationToken)
    {
        // 1. All six parameters, in the only algorithm there is.
        var query = target.Query;
        var algorithm = query.Get(AlgorithmParameter);
        var credentialText = query.Get(CredentialParameter);
        var signature = query.Get(SignatureParameter);
        var timestamp = query.Get("X-Amz-Date");
        var signedHeadersLine = query.Get("X-Amz-SignedHeaders");
        var expiresText = query.Get("X-Amz-Expires");
        if (algorithm is null || credentialText is null || signature is null || timestamp is null
            || signedHeadersLine is null || expiresText is null)
        {
            throw AuthErrors.QueryMalformed(
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }

        if (algorithm != SigV4.Algorithm)
        {
            throw AuthErrors.QueryMalformed("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }

        // 2. Credential scope, signing time and lifetime.
        var credential = CredentialScope.Parse(credentialText, options, fromQuery: true);
        if (!AmzDate.TryParseBasic(timestamp, out var signedAt))
        {
            throw AuthErrors.QueryMalformed("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }

        credential.CheckDate(timestamp, fromQuery: true);
        var expiresIn = ParseExpires(expiresText);
        var now = clock.GetUtcNow();
        var expiresAt = signedAt.AddSeconds(expiresIn);
        if (signedAt - now > options.MaxClockSkew)
        {
            // The clock tolerance of header-signed requests applies here too: a URL signed by a client
            // whose clock runs slightly ahead is still usable at once.
            throw AuthErrors.NotYetValid(signedAt, expiresAt, now);
        }

        if (now > expiresAt)
        {
            throw AuthErrors.Expired(expiresText, expiresAt, now);
        }

        // 3. The key and the signature. A presigned URL cannot know its body, so it signs UNSIGNED-PAYLOAD
        // unless the client added x-amz-content-sha256 (which it then also signs).
        var contentSha256 = request.Headers[PayloadHash.HeaderName];
        var payload = PayloadHash.Parse(contentSha256.Count == 0 ? null : contentSha256.ToString());
        var credentials = await keys.FindAsync(credential.AccessKeyId, SessionToken.FromQuery(target) ?? SessionToken.FromHeaders(request), cancellationToken)
            ?? throw AuthErrors.InvalidAccessKeyId(credential.AccessKeyId);
        var signingKey = signingKeys.Get(credentials.SecretAccessKey, credential.Date, credential.Region, credential.Service);
        SignedRequest.Verify(
            request,
            target,
            credential,
            signingKey,
            timestamp,
            SignedRequest.SplitSignedHeaders(signedHeadersLine),
            signedHeadersLine,
            SignatureParameter,
            payload.HeaderValue ?? PayloadHash.UnsignedPayload,
            signature);

        if (payload.HasSignedChunks)
        {
            // Chunk signatures chain from a header signature, which a presigned URL does not have.
            throw AuthErrors.InvalidArgument(
                "Chunk-signed payloads require an Authorization header.", PayloadHash.HeaderName, payload.HeaderValue!);
        }

        return new VerifiedSignature(credentials, payload, Streaming: null);
    }

    private static long ParseExpires(string text)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            throw AuthErrors.QueryMalformed("X-Amz-Expires should be a number");
        }

        // S3 answers an out-of-range lifetime with 403 AccessDenied (the conformance suite, which
        // runs against AWS, checks the status), not with a 400 parse error.
        return seconds switch
        {
            <= 0 => throw new S3Exception(S3Error.AccessDenied, "Request has expired"),
            > MaxExpiresSeconds => throw new S3Exception(S3Error.AccessDenied, "X-Amz-Expires must be less than a week (in seconds) that is; 604800"),
            _ => seconds,
        };
    }
}
