using Coffer.Engine.Model;
using Coffer.S3.Routing;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Cors;

/// <summary>
/// The Access-Control-* headers of a cross-origin request that is not a preflight (a GET, PUT,
/// HEAD... sent with an Origin header). They are set before authentication and the operation, so
/// that the request's error response carries them too: without them a browser hides even the
/// error from the page's script.
/// </summary>
public static class ActualRequestCors
{
    public static async Task AddHeadersAsync(HttpContext context, S3Operation operation, S3Services services)
    {
        // Requests without Origin (every SDK, CLI and tool) pay no lookup; S3 treats them as not
        // cross-origin and adds nothing.
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || !BucketName.TryParse(operation.Bucket, out var bucket))
        {
            return;
        }

        var configuration = await BucketCors.FindAsync(services.Settings, bucket.Value, context.RequestAborted);
        if (configuration is not null && CorsMatcher.FirstMatch(configuration, origin, context.Request.Method, []) is { } match)
        {
            // AllowedHeader applies to preflights only: the actual request's headers were already agreed.
            CorsResponseHeaders.Apply(context.Response.Headers, match, []);
        }
    }
}
