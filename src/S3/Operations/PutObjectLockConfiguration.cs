using Coffer.S3.ObjectLock;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>Turns object lock on (for good) and sets or clears its default retention; versioning must be Enabled (409 InvalidBucketState).</summary>
internal static class PutObjectLockConfiguration
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var body = await XmlRequestBody.ReadAsync(request);
        var configuration = ObjectLockDocuments.ParseConfiguration(XmlRequestReader.Parse(body));
        await request.Services.Buckets.SetObjectLockAsync(bucket, configuration, request.Aborted);
        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}
