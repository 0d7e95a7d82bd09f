using Coffer.Access.Principals;
using Coffer.S3.Auth;
using Coffer.S3.Routing;
using Coffer.S3.Tagging;

namespace Coffer.S3.Authorization;

/// <summary>
/// Decides whether a browser upload form may write the key it names. A form's key is known only
/// once the form has been read, so PostObject asks here, from inside the operation, rather than
/// in the middleware: as the PutObject of that key by whoever signed the form's policy (nobody,
/// for an unsigned form, which only a bucket policy open to everyone lets through).
/// </summary>
public static class PostObjectAuthorization
{
    /// <param name="request">The routed request (its HttpContext and services).</param>
    /// <param name="signer">The verified access key that signed the form's policy; null for an unsigned form.</param>
    /// <param name="put">The PutObject of the form's key.</param>
    /// <param name="tags">The form's tagging field: tags need s3:PutObjectTagging besides, and policies may test them.</param>
    /// <returns>
    /// The signer's authorizer, for the permissions the upload needs besides (kms:GenerateDataKey on the key that will
    /// seal it), which only the signer's policies can grant: the HTTP request itself carries no identity.
    /// </returns>
    /// <exception cref="Errors.S3Exception">403 AccessDenied when the signer may not write there, or may not tag what it writes.</exception>
    public static async Task<RequestAuthorizer> AuthorizeAsync(S3Request request, AccessKeyCredentials? signer, S3Operation put, RequestTagSet tags)
    {
        var authorizer = new RequestAuthorizer(request.Http, put, signer?.Caller ?? RequestPrincipal.Anonymous, signer?.SessionPolicy, request.Services, tags);
        await authorizer.AuthorizeOperationAsync();
        return authorizer;
    }
}
