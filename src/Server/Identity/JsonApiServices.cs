using Coffer.Iam;
using Coffer.Iam.Kms;
using Coffer.S3.QueryApi;

namespace Coffer.Server.Identity;

/// <summary>The key service (KMS) behind the S3 layer's JSON API seam.</summary>
public sealed class JsonApiServices(KmsEndpoint kms) : IJsonApi
{
    public const string Kms = "kms";

    public string? ServiceOf(string target) => target.StartsWith(KmsEndpoint.TargetPrefix, StringComparison.Ordinal) ? Kms : null;

    /// <summary>KMS, the one JSON service here, answers the targets of none.</summary>
    public string UnknownTargetService => Kms;

    public Task HandleAsync(HttpContext context, JsonApiRequest request) =>
        kms.HandleAsync(context, request.Target, request.Body, new IamCaller(request.Caller, request.SessionPolicy), request.RequestId);

    /// <summary>
    /// The S3 layer's refusals of a signature, under the names KMS gives them. A credential scoped to another service
    /// or region is InvalidSignatureException ("Credential should be scoped to correct service: 'kms'" from AWS), an
    /// Authorization header that is not SigV4 at all IncompleteSignatureException.
    /// </summary>
    public Task WriteErrorAsync(HttpContext context, QueryApiError error, string requestId) =>
        KmsEndpoint.WriteErrorAsync(
            context,
            new KmsException(
                error.Code switch
                {
                    "SignatureDoesNotMatch" or "AuthorizationHeaderMalformed" => "InvalidSignatureException",
                    "InvalidArgument" => "IncompleteSignatureException",
                    "InvalidAccessKeyId" or "InvalidClientTokenId" => "UnrecognizedClientException",
                    "ExpiredToken" => "ExpiredTokenException",
                    "RequestTimeTooSkewed" => "InvalidSignatureException",
                    "MissingAuthenticationTokenException" => error.Code,
                    "EntityTooLarge" => "ValidationException",
                    _ => "AccessDeniedException",
                },
                error.Message,
                error.StatusCode is >= 500 ? error.StatusCode : 400),
            requestId);
}
