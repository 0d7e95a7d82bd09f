using Coffer.S3.Auth;
using Coffer.S3.Authorization;
using Coffer.S3.Routing;
using Coffer.S3.Tagging;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3;

/// <summary>
/// One authenticated, routed S3 request as operations see it. Operations take this type, so an
/// unauthenticated path cannot reach them.
/// </summary>
/// <param name="bodyTags">The tag set of a PutObjectTagging body, when the authorizer was given it first (see <see cref="BodyTags"/>).</param>
public sealed class S3Request(
    HttpContext http, S3Operation operation, AuthenticatedRequest auth, S3Services services, RequestAuthorizer authorizer, RequestTagSet? bodyTags = null)
{
    private RequestTagSet? _bodyTags = bodyTags;

    public HttpContext Http { get; } = http;

    public HttpRequest HttpRequest => Http.Request;

    public HttpResponse Response => Http.Response;

    public S3Operation Operation { get; } = operation;

    public AuthenticatedRequest Auth { get; } = auth;

    public S3Services Services { get; } = services;

    /// <summary>Answers further permission questions within the request (each key of a DeleteObjects, say).</summary>
    public RequestAuthorizer Authorizer { get; } = authorizer;

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>
    /// The tag set a PutObjectTagging body carries, read once: the authorizer's, when a policy tested the request's tags
    /// before the operation ran, so that the operation stores the tags that were judged.
    /// </summary>
    public RequestTagSet BodyTags => _bodyTags ??= RequestTagSet.OfTaggingBody(HttpRequest.Headers, Auth, Aborted);

    /// <summary>Whether this caller may use a KMS key, for the engine to ask once it knows an object's key.</summary>
    public Engine.Kms.IKeyUseCheck KeyUse => field ??= new Encryption.CallerKeyUse(Authorizer, Principal);

    /// <summary>The owner recorded on what this request creates.</summary>
    public string Principal => Auth.Principal ?? "anonymous";

    public string? Query(string name)
    {
        var values = Http.Request.Query[name];
        return values.Count == 0 ? null : values[0];
    }

    public string? Header(string name)
    {
        var values = Http.Request.Headers[name];
        return values.Count == 0 ? null : values.ToString();
    }
}
