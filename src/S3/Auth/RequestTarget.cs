using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Coffer.S3.Auth;

/// <summary>
/// The request path and query exactly as the client sent them. Signatures cover the client's own
/// spelling, which ASP.NET's decoded <c>Request.Path</c> has already lost (%2F, '+', case of escapes).
/// </summary>
internal sealed class RequestTarget
{
    private RequestTarget(string rawPath, QueryParameters query)
    {
        RawPath = rawPath;
        Query = query;
    }

    /// <summary>The path before '?', still percent-encoded.</summary>
    public string RawPath { get; }

    public QueryParameters Query { get; }

    public static RequestTarget From(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            // No server underneath (tests, in-memory hosts): rebuild the target from the decoded parts.
            var request = context.Request;
            raw = request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        }
        else if (raw[0] != '/')
        {
            raw = StripSchemeAndAuthority(raw);
        }

        var question = raw.IndexOf('?', StringComparison.Ordinal);
        return question < 0
            ? new RequestTarget(raw, QueryParameters.Parse(string.Empty))
            : new RequestTarget(raw[..question], QueryParameters.Parse(raw[(question + 1)..]));
    }

    /// <summary>An absolute-form target (<c>http://host/key</c>, as sent through proxies) signs only its path.</summary>
    private static string StripSchemeAndAuthority(string raw)
    {
        var scheme = raw.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return raw;
        }

        var pathStart = raw.IndexOfAny(['/', '?'], scheme + 3);
        if (pathStart < 0)
        {
            return "/";
        }

        return raw[pathStart] == '?' ? "/" + raw[pathStart..] : raw[pathStart..];
    }
}
