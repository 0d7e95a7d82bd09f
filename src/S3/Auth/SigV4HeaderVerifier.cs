using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Auth;

/// <summary>
/// <c>Authorization: AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request,
/// SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=…</c>.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html.
/// </summary>
internal sealed class SigV4HeaderVerifier(
    IAccessKeyStore keys,
    AuthenticationOptions options,
    TimeProvider clock,
    SigningKeyCache signingKeys)
{
    public const string Prefix = SigV4.Algorithm + " ";

    /// <param name="queryApi">
    /// For an IAM or STS request, the services it may be signed for and the SHA-256 of its form
    /// body, which these clients sign without sending x-amz-content-sha256. Null for S3.
    /// </param>
    public async Task<VerifiedSignature> VerifyAsync(
        HttpRequest request,
        RequestTarget target,
        string authorization,
        CancellationToken cancellationToken,
        QueryApiPayload? queryApi = null)
    {
        // 1. The header's three components, and the credential scope against this server.
        var (credentialText, signedHeadersLine, signature) = ParseComponents(authorization);
        var credential = CredentialScope.Parse(credentialText, options, fromQuery: false, queryApi?.ServiceOf(credentialText) ?? SigV4.Service);

        // 2. The request time: x-amz-date wins over Date, and must be near the server clock.
        var (requestTime, timestamp, rawTime) = ReadRequestTime(request.Headers);
        credential.CheckDate(timestamp, fromQuery: false);
        var now = clock.GetUtcNow();
        if ((now - requestTime).Duration() > options.MaxClockSkew)
        {
            throw AuthErrors.RequestTimeTooSkewed(rawTime, now, options.MaxClockSkew);
        }

        // 3. The payload promise, which S3 requires on every header-signed SigV4 request.
        var contentSha256 = request.Headers[PayloadHash.HeaderName];
        PayloadHash payload;
        if (queryApi is not null)
        {
            payload = new PayloadHash(PayloadKind.Sha256, queryApi.Sha256Hex);
            if (contentSha256.Count != 0 && !string.Equals(contentSha256.ToString(), queryApi.Sha256Hex, StringComparison.OrdinalIgnoreCase))
            {
                throw AuthErrors.ContentSha256Mismatch(contentSha256.ToString(), queryApi.Sha256Hex);
            }
        }
        else if (contentSha256.Count == 0)
        {
            throw AuthErrors.MissingContentSha256();
        }
        else
        {
            payload = PayloadHash.Parse(contentSha256.ToString());
        }

        // 4. The key, then the signature itself.
        var credentials = await keys.FindAsync(credential.AccessKeyId, SessionToken.FromHeaders(request), cancellationToken)
            ?? throw AuthErrors.InvalidAccessKeyId(credential.AccessKeyId);
        var signingKey = signingKeys.Get(credentials.SecretAccessKey, credential.Date, credential.Region, credential.Service);
        var seed = SignedRequest.Verify(
            request,
            target,
            credential,
            signingKey,
            timestamp,
            SignedRequest.SplitSignedHeaders(signedHeadersLine),
            signedHeadersLine,
            excludedQueryParameter: null,
            payload.HeaderValue!,
            signature,
            returnSignature: payload.HasSignedChunks);

        var streaming = payload.HasSignedChunks
            ? new StreamingSigningContext(credentials.AccessKeyId, signingKey, timestamp, credential.Scope, seed!)
            : null;
        return new VerifiedSignature(credentials, payload, streaming, credential.Service);
    }

    private static (string Credential, string SignedHeaders, string Signature) ParseComponents(string authorization)
    {
        string? credential = null;
        string? signedHeaders = null;
        string? signature = null;
        var components = authorization.AsSpan(Prefix.Length);
        foreach (var range in components.Split(','))
        {
            var component = components[range].Trim();
            if (component.IsEmpty)
            {
                continue;
            }

            var equals = component.IndexOf('=');
            if (equals <= 0)
            {
                throw AuthErrors.HeaderMalformed($"the authorization component \"{component}\" is malformed.");
            }

            var value = component[(equals + 1)..].Trim().ToString();
            switch (component[..equals].Trim())
            {
                case "Credential":
                    credential = value;
                    break;
                case "SignedHeaders":
                    signedHeaders = value;
                    break;
                case "Signature":
                    signature = value;
                    break;
                default:
                    throw AuthErrors.HeaderMalformed($"the authorization component \"{component}\" is malformed.");
            }
        }

        if (string.IsNullOrEmpty(credential) || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature))
        {
            throw AuthErrors.HeaderMalformed("the authorization header requires three components: Credential, SignedHeaders, and Signature.");
        }

        return (credential, signedHeaders, signature);
    }

    /// <returns>The time, its SigV4 timestamp form, and the header value as sent (for error details).</returns>
    private static (DateTimeOffset Time, string Timestamp, string Raw) ReadRequestTime(IHeaderDictionary headers)
    {
        var amzDate = headers["x-amz-date"].ToString();
        if (amzDate.Length > 0)
        {
            return AmzDate.TryParseBasic(amzDate, out var time)
                ? (time, amzDate, amzDate)
                : throw AuthErrors.MissingDate();
        }

        var date = headers.Date.ToString();
        return AmzDate.TryParseAny(date, out var dateTime)
            ? (dateTime, AmzDate.FormatBasic(dateTime), date)
            : throw AuthErrors.MissingDate();
    }
}
