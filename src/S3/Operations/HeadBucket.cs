namespace Coffer.S3.Operations;

internal static class HeadBucket
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = await request.Services.Buckets.GetAsync(Names.Bucket(request), request.Aborted);
        request.Response.StatusCode = 200;
        request.Response.Headers["x-amz-bucket-region"] = bucket.Region;
        request.Response.ContentLength = 0;
    }
}
