using Coffer.Engine.Buckets;

namespace Coffer.S3.Operations;

/// <summary>Removes the bucket policy; 204 whether or not there was one, as S3 answers.</summary>
internal static class DeleteBucketPolicy
{
    public static async Task HandleAsync(S3Request request)
    {
        await request.Services.Settings.DeleteAsync(Names.Bucket(request), BucketSettingName.Policy, request.Aborted);
        request.Response.StatusCode = 204;
    }
}
