using Coffer.S3.Authorization;

namespace Coffer.S3.ObjectLock;

/// <summary>
/// x-amz-bypass-governance-retention: true lets GOVERNANCE retention give way, for a caller allowed
/// s3:BypassGovernanceRetention on the object (the account root always is). For anyone else S3 ignores the header
/// and the lock refuses as it would without it, so Coffer does the same rather than answer AccessDenied for the
/// header itself.
/// </summary>
public static class BypassGovernance
{
    public const string Header = "x-amz-bypass-governance-retention";

    public static bool IsAsked(S3Request request) =>
        request.Header(Header)?.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>True when the request asks to bypass and the caller may, on this key.</summary>
    public static async Task<bool> AllowedAsync(S3Request request, string bucket, string key) =>
        IsAsked(request) && await request.Authorizer.IsAllowedAsync(S3Permissions.BypassGovernance(bucket, key));
}
