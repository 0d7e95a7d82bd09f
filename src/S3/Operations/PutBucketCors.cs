using Coffer.S3.Cors;

namespace Coffer.S3.Operations;

/// <summary>Sets (replaces) a bucket's CORS configuration.</summary>
internal static class PutBucketCors
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var body = await XmlRequestBody.ReadAsync(request);

        // Stored as Coffer writes it, not as sent: every later read parses a document known to be valid.
        var configuration = CorsConfigurationReader.Read(body);
        await BucketCors.PutAsync(request.Services.Settings, bucket, configuration, request.Aborted);

        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}
