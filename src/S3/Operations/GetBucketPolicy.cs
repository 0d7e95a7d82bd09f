using Coffer.Engine.Buckets;
using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Operations;

/// <summary>The bucket policy as it was put, as JSON.</summary>
internal static class GetBucketPolicy
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var document = await request.Services.Settings.GetAsync(bucket, BucketSettingName.Policy, request.Aborted)
            ?? throw new S3Exception(S3Error.NoSuchBucketPolicy, details: [new("BucketName", bucket.Value)]);

        request.Response.StatusCode = 200;
        request.Response.ContentType = "application/json";
        await request.Response.WriteAsync(document, request.Aborted);
    }
}
