using Coffer.S3.Http;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Auth;

/// <summary>
/// The checks shared by both SigV4 forms (Authorization header and presigned URL) once the credential,
/// date and signed-header list are known: rebuild the canonical request, compare signatures, and make
/// sure no x-amz-* header rode along unsigned.
/// </summary>
internal static class SignedRequest
{
    /// <summary>
    /// Verifies the signature. Returns it (lower-case hex) when <paramref name="returnSignature"/> asks:
    /// it seeds the chunk signatures of a streaming body; null otherwise.
    /// </summary>
    public static string? Verify(
        HttpRequest request,
        RequestTarget target,
        CredentialScope credential,
        byte[] signingKey,
        string timestamp,
        IReadOnlyList<string> signedHeaders,
        string signedHeadersLine,
        string? excludedQueryParameter,
        string payloadHash,
        string providedSignature,
        bool returnSignature = false)
    {
        // The accepted path hashes the canonical request without making it a string; only a
        // failure builds the texts, which its error reports.
        var canonicalUri = UriEncoding.CanonicalPath(target.RawPath);
        var canonicalQuery = target.Query.ToCanonical(excludedQueryParameter);
        Span<byte> hash = stackalloc byte[32];
        Span<byte> computed = stackalloc byte[32];
        CanonicalRequest.Hash(request.Method, canonicalUri, canonicalQuery, request.Headers, signedHeaders, signedHeadersLine, payloadHash, hash);
        SigV4.SignInto(signingKey, timestamp, credential.Scope, hash, computed);
        if (!SigV4.Matches(computed, providedSignature))
        {
            var canonicalRequest = CanonicalRequest.Build(
                request.Method, canonicalUri, canonicalQuery, request.Headers, signedHeaders, signedHeadersLine, payloadHash);
            var stringToSign = SigV4.StringToSign(timestamp, credential.Scope, canonicalRequest);

            // A client that signs the path exactly as it sent it, without re-encoding, names the same
            // object; trying its spelling costs one HMAC, and only on requests that were failing anyway.
            var rawUri = target.RawPath.Length == 0 ? "/" : target.RawPath;
            if (rawUri == canonicalUri)
            {
                throw AuthErrors.SignatureDoesNotMatch(credential.AccessKeyId, stringToSign, providedSignature, canonicalRequest);
            }

            var alternative = CanonicalRequest.Build(
                request.Method, rawUri, canonicalQuery, request.Headers, signedHeaders, signedHeadersLine, payloadHash);
            SigV4.HmacInto(signingKey, SigV4.StringToSign(timestamp, credential.Scope, alternative), computed);
            if (!SigV4.Matches(computed, providedSignature))
            {
                throw AuthErrors.SignatureDoesNotMatch(credential.AccessKeyId, stringToSign, providedSignature, canonicalRequest);
            }
        }

        CheckAllAmzHeadersSigned(request.Headers, signedHeaders);
        return returnSignature ? Convert.ToHexStringLower(computed) : null;
    }

    /// <summary>Splits "host;range;x-amz-date" into names.</summary>
    public static string[] SplitSignedHeaders(string signedHeadersLine)
    {
        return signedHeadersLine.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// S3 refuses x-amz-* headers that the signature does not cover: otherwise anyone on the path could add
    /// x-amz-acl or x-amz-copy-source to a signed request. x-amz-content-sha256 is exempt, as in S3: the
    /// canonical request already ends with it. Host must be signed too, as SigV4 requires and S3 enforces
    /// (HeadersNotSigned: host): with virtual-hosted addressing it names the bucket, so a signature that
    /// leaves it out could be replayed against another bucket's object of the same key.
    /// </summary>
    private static void CheckAllAmzHeadersSigned(IHeaderDictionary headers, IReadOnlyList<string> signedHeaders)
    {
        List<string>? unsigned = Contains(signedHeaders, "host") ? null : ["host"];
        foreach (var name in headers.Keys)
        {
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)
                && !name.Equals(PayloadHash.HeaderName, StringComparison.OrdinalIgnoreCase)
                && !Contains(signedHeaders, name))
            {
                (unsigned ??= []).Add(name.ToLowerInvariant());
            }
        }

        if (unsigned is not null)
        {
            unsigned.Sort(StringComparer.Ordinal);
            throw AuthErrors.HeadersNotSigned(string.Join(',', unsigned));
        }
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (candidate.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
