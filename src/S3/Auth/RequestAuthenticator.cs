using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Auth;

/// <summary>
/// Authenticates S3 requests in every form clients send: SigV4 by header (single-chunk or aws-chunked,
/// with or without trailers), SigV4 presigned URLs, and SigV2 by header or query. One instance serves
/// all requests; it caches derived signing keys.
/// </summary>
public sealed class RequestAuthenticator
{
    private readonly SigV4HeaderVerifier _sigV4Header;
    private readonly SigV4QueryVerifier _sigV4Query;
    private readonly SigV2Verifier _sigV2;

    public RequestAuthenticator(IAccessKeyStore keys, AuthenticationOptions options, TimeProvider clock)
    {
        var signingKeys = new SigningKeyCache();
        _sigV4Header = new SigV4HeaderVerifier(keys, options, clock, signingKeys);
        _sigV4Query = new SigV4QueryVerifier(keys, options, clock, signingKeys);
        _sigV2 = new SigV2Verifier(keys, options, clock);
    }

    /// <summary>
    /// Verifies the request's signature and returns who signed it, with a body stream that decodes and
    /// verifies the payload while it is read. A request without any signature comes back anonymous; the
    /// caller decides whether to serve it.
    /// </summary>
    /// <exception cref="Errors.S3Exception">The signature, its parameters or the payload promise are not acceptable.</exception>
    public async Task<AuthenticatedRequest> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var target = RequestTarget.From(context);
        var query = target.Query;
        var authorization = request.Headers.Authorization.ToString();
        var signedByQuery = query.Contains(SigV4QueryVerifier.AlgorithmParameter)
            || query.Contains(SigV4QueryVerifier.SignatureParameter)
            || query.Contains(SigV4QueryVerifier.CredentialParameter);
        var signedByV2Query = query.Contains(SigV2Verifier.SignatureParameter) || query.Contains(SigV2Verifier.AccessKeyParameter);

        VerifiedSignature verified;
        if (!string.IsNullOrWhiteSpace(authorization))
        {
            if (signedByQuery || signedByV2Query)
            {
                throw AuthErrors.MoreThanOneMechanism(authorization);
            }

            verified = authorization.StartsWith(SigV4HeaderVerifier.Prefix, StringComparison.Ordinal)
                ? await _sigV4Header.VerifyAsync(request, target, authorization, cancellationToken)
                : authorization.StartsWith(SigV2Verifier.Prefix, StringComparison.Ordinal)
                    ? await _sigV2.VerifyHeaderAsync(request, target, authorization, cancellationToken)
                    : throw AuthErrors.UnsupportedAuthorizationType(authorization);
        }
        else if (signedByQuery)
        {
            verified = await _sigV4Query.VerifyAsync(request, target, cancellationToken);
        }
        else if (signedByV2Query)
        {
            verified = await _sigV2.VerifyQueryAsync(request, target, cancellationToken);
        }
        else
        {
            return OpenAnonymous(context);
        }

        return RequestBody.Open(context, verified.Credentials, verified.Payload, verified.Streaming);
    }

    /// <summary>
    /// Verifies a Query API request (IAM, STS): SigV4 in the Authorization header, for one of
    /// <paramref name="services"/>, over the form body the caller has already read. Null when the
    /// request carries no signature. Returns the service the request was signed for.
    /// </summary>
    /// <exception cref="Errors.S3Exception">The signature or its parameters are not acceptable.</exception>
    public async Task<(AccessKeyCredentials? Credentials, string Service)> AuthenticateQueryApiAsync(
        HttpContext context, IReadOnlySet<string> services, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return (null, services.First());
        }

        if (!authorization.StartsWith(SigV4HeaderVerifier.Prefix, StringComparison.Ordinal))
        {
            throw AuthErrors.UnsupportedAuthorizationType(authorization);
        }

        var payload = new QueryApiPayload(services, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body.Span)));
        var verified = await _sigV4Header.VerifyAsync(context.Request, RequestTarget.From(context), authorization, cancellationToken, payload);
        return (verified.Credentials, verified.Service);
    }

    /// <summary>
    /// Anonymous uploads (to a bucket whose policy allows them) still honour what the client promised:
    /// a hex x-amz-content-sha256 is checked, and unsigned aws-chunked framing is decoded.
    /// </summary>
    private static AuthenticatedRequest OpenAnonymous(HttpContext context)
    {
        var value = context.Request.Headers[PayloadHash.HeaderName];
        var payload = PayloadHash.Parse(value.Count == 0 ? null : value.ToString());
        if (payload.HasSignedChunks)
        {
            throw AuthErrors.InvalidArgument("Chunk-signed payloads require an Authorization header.", PayloadHash.HeaderName, payload.HeaderValue!);
        }

        return RequestBody.Open(context, credentials: null, payload, streaming: null);
    }
}
