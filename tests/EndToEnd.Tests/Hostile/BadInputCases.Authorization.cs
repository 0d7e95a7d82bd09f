using Coffer.TestKit.Signing;

namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>Authorization headers that are garbled, incomplete or signed for something else.</summary>
public static partial class BadInputCases
{
    private static IEnumerable<BadInputCase> Authorization =>
    [
        Auth("auth-garbage", _ => "garbage", 400, "InvalidArgument"),
        Auth("auth-unknown-algorithm", a => a.Replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512", StringComparison.Ordinal), 400, "InvalidArgument"),
        Auth("auth-missing-credential", a => a[..a.IndexOf("Credential=", StringComparison.Ordinal)] + a[(a.IndexOf("SignedHeaders=", StringComparison.Ordinal))..], 400, "AuthorizationHeaderMalformed"),
        Auth("auth-missing-signature", a => a[..a.IndexOf(", Signature=", StringComparison.Ordinal)], 400, "AuthorizationHeaderMalformed"),
        Auth("auth-missing-signed-headers", a => a.Replace("SignedHeaders=", "Ignored=", StringComparison.Ordinal), 400, "AuthorizationHeaderMalformed"),
        Auth("auth-credential-not-five-parts", a => a.Replace("/s3/aws4_request", "/aws4_request", StringComparison.Ordinal), 400, "AuthorizationHeaderMalformed"),
        Auth("auth-credential-date-not-a-date", a => ReplaceScopeDate(a, "2O2X0101"), 400, "AuthorizationHeaderMalformed"),
        Auth("auth-credential-date-other-day", a => ReplaceScopeDate(a, "20200101"), 400, "AuthorizationHeaderMalformed"),
        Auth("auth-wrong-region", a => a.Replace("/us-east-1/", "/eu-west-3/", StringComparison.Ordinal), 400, "AuthorizationHeaderMalformed"),
        Auth("auth-wrong-service", a => a.Replace("/s3/", "/iam/", StringComparison.Ordinal), 400, "AuthorizationHeaderMalformed"),
        Auth("auth-wrong-terminator", a => a.Replace("/aws4_request", "/aws5_request", StringComparison.Ordinal), 400, "AuthorizationHeaderMalformed"),
        Auth("auth-unknown-access-key", a => a.Replace("Credential=", "Credential=AKIAUNKNOWN", StringComparison.Ordinal), 403, "InvalidAccessKeyId"),
        Auth("auth-wrong-signature", a => a[..^64] + new string('0', 64), 403, "SignatureDoesNotMatch"),
        Auth("auth-signature-not-hex", a => a[..^64] + new string('z', 64), 403, "SignatureDoesNotMatch"),
        Auth("auth-duplicate-credential", a => a.Replace(", SignedHeaders=", ", Credential=AKIAOTHER/20200101/us-east-1/s3/aws4_request, SignedHeaders=", StringComparison.Ordinal), 400, "AuthorizationHeaderMalformed"),
        Auth("auth-signed-headers-without-host", a => a.Replace("SignedHeaders=host;", "SignedHeaders=", StringComparison.Ordinal), 403, "SignatureDoesNotMatch"),
        new("auth-header-and-presigned-query", w => PutTarget(w) with { Target = $"{w.ObjectPath}?X-Amz-Algorithm=AWS4-HMAC-SHA256" }, 400, "InvalidArgument"),
        new("auth-host-not-signed", w => SignedWithoutHost(w), 403, "AccessDenied"),
        new("auth-date-garbage", w => PutTarget(w).WithHeader("X-Amz-Date", "yesterday"), 403, "AccessDenied"),
        new("auth-date-missing", w => PutTarget(w).WithoutHeader("X-Amz-Date"), 403, "AccessDenied"),
        new("auth-date-skewed", w => Skewed(w), 403, "RequestTimeTooSkewed"),
        new("auth-content-sha256-missing", w => PutTarget(w).WithoutHeader("x-amz-content-sha256"), 400, "InvalidRequest"),
        new("auth-content-sha256-garbage", w => PutTarget(w, payloadHash: "not-a-hash"), 400, "InvalidArgument"),
        new("auth-content-sha256-of-other-bytes", w => PutTarget(w, payloadHash: SigV4Signer.EmptyPayloadHash), 400, "XAmzContentSHA256Mismatch"),
        new("auth-unsigned-header-is-signed-later", w => PutTarget(w).WithHeader("x-amz-meta-sneaky", "added after signing"), 403, "AccessDenied"),
        new("auth-garbage-on-head", w => w.Raw.Sign("HEAD", w.ObjectPath).WithHeader("Authorization", "garbage"), 400, null),
    ];

    private static BadInputCase Auth(string name, Func<string, string> spoil, int status, string code) =>
        new(name, w => { var put = PutTarget(w); return put.WithHeader("Authorization", spoil(put.Header("Authorization"))); }, status, code);

    private static string ReplaceScopeDate(string authorization, string date)
    {
        var start = authorization.IndexOf('/', StringComparison.Ordinal) + 1;
        return authorization[..start] + date + authorization[(start + 8)..];
    }

    /// <summary>Correctly signed over x-amz-content-sha256 and x-amz-date, but not over Host, which SigV4 requires.</summary>
    private static RawRequest SignedWithoutHost(HostileInputWorld world)
    {
        var hash = SigV4Signer.Sha256Hex(NewContent);
        var signature = world.Raw.Signer.SignHeaders("PUT", world.ObjectPath, "", [("x-amz-content-sha256", hash)], hash, DateTime.UtcNow);
        return new RawRequest("PUT", world.ObjectPath, [("x-amz-content-sha256", hash), ("X-Amz-Date", signature.AmzDate), ("Authorization", signature.Authorization)], NewContent);
    }

    /// <summary>Correctly signed, but an hour ago: far past S3's 15 minutes.</summary>
    private static RawRequest Skewed(HostileInputWorld world)
    {
        var hash = SigV4Signer.Sha256Hex(NewContent);
        var signature = world.Raw.Signer.SignHeaders("PUT", world.ObjectPath, "", [("host", world.Raw.Authority), ("x-amz-content-sha256", hash)], hash, DateTime.UtcNow.AddHours(-1));
        return new RawRequest("PUT", world.ObjectPath, [("x-amz-content-sha256", hash), ("X-Amz-Date", signature.AmzDate), ("Authorization", signature.Authorization)], NewContent);
    }
}
