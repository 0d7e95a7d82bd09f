using Coffer.S3.Auth;

namespace Coffer.S3.Authorization;

/// <summary>
/// Decides whether the signer of a browser upload form may write the key it names. A form's key
/// is known only once the form has been read, so PostObject asks here, from inside the operation,
/// rather than in the middleware. Unsigned forms are decided by <see cref="BucketPolicies"/>.
/// </summary>
public static class PostObjectAuthorization
{
    /// <param name="request">The routed request (its HttpContext and services).</param>
    /// <param name="signer">The verified access key that signed the form's policy.</param>
    /// <param name="permission">s3:PutObject on the key's ARN.</param>
    /// <exception cref="Errors.S3Exception">403 AccessDenied when the signer may not write there.</exception>
    public static Task AuthorizeSignerAsync(S3Request request, AccessKeyCredentials signer, RequiredPermission permission)
    {
        // Every access key is root's today, and root may do anything; per-user policies decide here later.
        _ = (request, signer, permission);
        return Task.CompletedTask;
    }
}
