namespace Coffer.S3.Operations;

internal static class DeleteBucket
{
    public static async Task HandleAsync(S3Request request)
    {
        await request.Services.Buckets.DeleteAsync(Names.Bucket(request), request.Aborted);
        request.Response.StatusCode = 204;
    }
}
