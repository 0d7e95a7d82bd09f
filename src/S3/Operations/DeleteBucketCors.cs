using Coffer.Engine.Buckets;

namespace Coffer.S3.Operations;

/// <summary>Removes a bucket's CORS configuration; 204 whether or not it had one, as S3 answers.</summary>
internal static class DeleteBucketCors
{
    public static async Task HandleAsync(S3Request request)
    {
        await request.Services.Settings.DeleteAsync(Names.Bucket(request), BucketSettingName.Cors, request.Aborted);
        request.Response.StatusCode = 204;
    }
}
