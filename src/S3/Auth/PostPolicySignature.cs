using Coffer.S3.Errors;

namespace Coffer.S3.Auth;

/// <summary>
/// Verifies the signature of a browser upload form (POST Object). The string to sign is the
/// base64 policy field itself: SigV4 signs it with the credential scope's signing key
/// (x-amz-algorithm, x-amz-credential, x-amz-date, x-amz-signature), SigV2 with the secret
/// (AWSAccessKeyId, signature). The policy's expiration, not the clock skew, bounds its life,
/// so no date is compared with the server's clock here.
/// </summary>
public sealed class PostPolicySignature
{
    private readonly IAccessKeyStore _keys;
    private readonly AuthenticationOptions _options;
    private readonly SigningKeyCache _signingKeys;

    internal PostPolicySignature(IAccessKeyStore keys, AuthenticationOptions options, SigningKeyCache signingKeys)
    {
        _keys = keys;
        _options = options;
        _signingKeys = signingKeys;
    }

    /// <summary>
    /// Who signed the form, or null for a form with neither policy nor signature (an anonymous upload).
    /// </summary>
    /// <param name="field">The form's fields by name, case-insensitively; null when absent.</param>
    /// <exception cref="S3Exception">
    /// InvalidArgument for a missing piece, InvalidAccessKeyId, SignatureDoesNotMatch, or the
    /// credential errors of a presigned URL.
    /// </exception>
    public async Task<AccessKeyCredentials?> VerifyAsync(Func<string, string?> field, CancellationToken cancellationToken)
    {
        var policy = field("policy");
        var isV4 = field("x-amz-algorithm") is not null || field("x-amz-credential") is not null || field("x-amz-signature") is not null;
        var isV2 = field("AWSAccessKeyId") is not null || field("signature") is not null;
        if (policy is null && !isV4 && !isV2)
        {
            return null;
        }

        // A policy with no signature fields at all is asked for the older (SigV2) fields.
        var signed = Required(policy, "Policy");
        return isV4 ? await VerifyV4Async(field, signed, cancellationToken) : await VerifyV2Async(field, signed, cancellationToken);
    }

    private async Task<AccessKeyCredentials> VerifyV4Async(Func<string, string?> field, string policy, CancellationToken cancellationToken)
    {
        // 1. Every SigV4 field, and the one algorithm S3 accepts.
        var algorithm = Required(field("x-amz-algorithm"), "X-Amz-Algorithm");
        var credential = Required(field("x-amz-credential"), "X-Amz-Credential");
        var date = Required(field("x-amz-date"), "X-Amz-Date");
        var signature = Required(field("x-amz-signature"), "X-Amz-Signature");
        if (algorithm != SigV4.Algorithm)
        {
            throw AuthErrors.InvalidArgument($"X-Amz-Algorithm only supports \"{SigV4.Algorithm}\"", "X-Amz-Algorithm", algorithm);
        }

        // 2. The scope, checked as a presigned URL's (this server's region, s3, the same day as X-Amz-Date).
        var scope = CredentialScope.Parse(credential, _options, fromQuery: true);
        if (!AmzDate.TryParseBasic(date, out _))
        {
            throw AuthErrors.InvalidArgument("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"", "X-Amz-Date", date);
        }

        scope.CheckDate(date, fromQuery: true);

        // 3. The key, and the policy signed with the day's signing key.
        var credentials = await FindAsync(scope.AccessKeyId, field(SessionToken.HeaderName), cancellationToken);
        var signingKey = _signingKeys.Get(credentials.SecretAccessKey, scope.Date, scope.Region, scope.Service);
        Span<byte> computed = stackalloc byte[32];
        SigV4.HmacInto(signingKey, policy, computed);
        return SigV4.Matches(computed, signature.AsSpan())
            ? credentials
            : throw AuthErrors.SignatureDoesNotMatch(scope.AccessKeyId, policy, signature, canonicalRequest: null);
    }

    private async Task<AccessKeyCredentials> VerifyV2Async(Func<string, string?> field, string policy, CancellationToken cancellationToken)
    {
        var accessKeyId = Required(field("AWSAccessKeyId"), "AWSAccessKeyId");
        var signature = Required(field("signature"), "Signature");
        var credentials = await FindAsync(accessKeyId, field(SessionToken.HeaderName), cancellationToken);
        return SigV2Verifier.Matches(credentials, policy, signature)
            ? credentials
            : throw AuthErrors.SignatureDoesNotMatch(accessKeyId, policy, signature, canonicalRequest: null);
    }

    /// <param name="sessionToken">The form's x-amz-security-token field, for temporary credentials.</param>
    private async Task<AccessKeyCredentials> FindAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken) =>
        await _keys.FindAsync(accessKeyId, sessionToken, cancellationToken) ?? throw AuthErrors.InvalidAccessKeyId(accessKeyId);

    /// <summary>S3's words for a signed form that lacks one of its fields (or has it after the file).</summary>
    private static string Required(string? value, string name) =>
        value ?? throw new S3Exception(
            S3Error.InvalidArgument,
            $"Bucket POST must contain a field named '{name}'.  If it is specified, please check the order of the fields.",
            [new("ArgumentName", name), new("ArgumentValue", "")]);
}
