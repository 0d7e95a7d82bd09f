using Coffer.Access.Principals;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.QueryApi;

/// <summary>
/// The AWS JSON-protocol services (KMS) that share Coffer's endpoint: a POST to the root with an
/// <c>X-Amz-Target</c> header. As with <see cref="IQueryApi"/>, the S3 layer only recognises the request and verifies
/// its signature; what the service does lives behind this interface.
/// </summary>
public interface IJsonApi
{
    /// <summary>The SigV4 service name a target is signed for (such as <c>kms</c> for <c>TrentService.*</c>); null for targets not served.</summary>
    string? ServiceOf(string target);

    /// <summary>
    /// The service that answers a JSON-protocol call whose target no service here serves (one without its service's
    /// prefix, say): the call is verified as signed for it, and it answers UnknownOperationException, as AWS does.
    /// </summary>
    string UnknownTargetService { get; }

    /// <summary>Serves one authenticated request, writing the whole response, success or error.</summary>
    Task HandleAsync(HttpContext context, JsonApiRequest request);

    /// <summary>Writes an error that arose before the service saw the request (a bad signature, a missing one) in the service's JSON form.</summary>
    Task WriteErrorAsync(HttpContext context, QueryApiError error, string requestId);
}

/// <summary>One JSON API request: its target, body, and who signed it.</summary>
public sealed record JsonApiRequest(
    string Target,
    ReadOnlyMemory<byte> Body,
    RequestPrincipal Caller,
    string AccessKeyId,
    string? SessionPolicy,
    string RequestId);
