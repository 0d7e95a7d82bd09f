using Coffer.Access.Principals;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.QueryApi;

/// <summary>
/// The AWS Query-protocol services (IAM, STS) that share Coffer's endpoint. The S3 layer
/// recognises their requests and verifies their signatures; what they do lives elsewhere, behind
/// this interface, so that S3 knows nothing of users or roles.
/// </summary>
public interface IQueryApi
{
    /// <summary>The SigV4 service names served, such as <c>iam</c> and <c>sts</c>; the first is assumed when a request names none.</summary>
    IReadOnlySet<string> Services { get; }

    /// <summary>Serves one authenticated (or unsigned) request, writing the whole response, success or error.</summary>
    Task HandleAsync(HttpContext context, QueryApiRequest request);

    /// <summary>Writes an error that arose before the service saw the request (a bad signature, say) in the service's own error format.</summary>
    Task WriteErrorAsync(HttpContext context, string service, QueryApiError error, string requestId);
}

/// <summary>One Query API request: which service it was signed for, its parameters (form and query), and who signed it.</summary>
/// <param name="AccessKeyId">The key that signed; null when unsigned.</param>
/// <param name="SessionPolicy">The session policy of temporary credentials.</param>
public sealed record QueryApiRequest(
    string Service,
    IReadOnlyDictionary<string, string> Parameters,
    RequestPrincipal Caller,
    string? AccessKeyId,
    string? SessionPolicy,
    string RequestId);

/// <summary>An error code, message and HTTP status, as Query services report them.</summary>
public sealed record QueryApiError(string Code, string Message, int StatusCode);
