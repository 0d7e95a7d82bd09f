using Coffer.S3.Versioning;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>Enables or suspends versioning; a document that names no status changes nothing, as in S3.</summary>
internal static class PutBucketVersioning
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var body = await XmlRequestBody.ReadAsync(request);
        if (VersioningDocument.Parse(XmlRequestReader.Parse(body)) is { } state)
        {
            await request.Services.Buckets.SetVersioningAsync(bucket, state, request.Aborted);
        }
        else
        {
            await request.Services.Buckets.GetAsync(bucket, request.Aborted);
        }

        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}
