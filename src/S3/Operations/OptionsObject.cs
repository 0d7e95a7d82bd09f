using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.S3.Cors;
using Coffer.S3.Routing;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Operations;

/// <summary>
/// The CORS preflight, "OPTIONS object" in S3's API reference, also sent to a bucket's URL: a
/// browser asks whether it may send a cross-origin request. Browsers never sign a preflight, so
/// this is the one operation that takes no <see cref="S3Request"/>: the middleware runs it before
/// authentication, and it reveals nothing but what the bucket's CORS configuration allows.
/// </summary>
internal static class OptionsObject
{
    private const string BucketNotFound = "CORSResponse: Bucket not found";

    public static async Task HandleAsync(HttpContext context, S3Operation operation, S3Services services)
    {
        // 1. The preflight's own headers: a malformed one is 400 before any lookup.
        var preflight = CorsPreflightRequest.Read(context.Request.Headers);
        var resource = operation.Key is null ? CorsResourceType.BucketUrl : CorsResourceType.ObjectUrl;

        // 2. The bucket's configuration; a bucket that does not exist allows nothing.
        if (!BucketName.TryParse(operation.Bucket, out var bucket))
        {
            throw preflight.Forbidden(BucketNotFound, resource);
        }

        CorsConfiguration? configuration;
        try
        {
            configuration = await BucketCors.GetAsync(services.Settings, bucket.Value, context.RequestAborted);
        }
        catch (EngineException error) when (error.Code == EngineError.NoSuchBucket)
        {
            throw preflight.Forbidden(BucketNotFound, resource);
        }

        // 3. The first rule that allows it, or 403; then the headers, and no body.
        var match = preflight.Evaluate(configuration, resource);
        CorsResponseHeaders.Apply(context.Response.Headers, match, preflight.RequestHeaders);
        context.Response.StatusCode = 200;
        context.Response.ContentLength = 0;
    }
}
