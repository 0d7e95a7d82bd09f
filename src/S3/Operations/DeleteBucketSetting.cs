using Coffer.Engine.Buckets;

namespace Coffer.S3.Operations;

/// <summary>
/// DeleteBucketCors, DeleteBucketPolicy and DeletePublicAccessBlock: the same act on different
/// settings. 204 whether or not the bucket had the setting, as S3 answers.
/// </summary>
internal static class DeleteBucketSetting
{
    public static async Task HandleAsync(S3Request request, BucketSettingName setting)
    {
        await request.Services.Settings.DeleteAsync(Names.Bucket(request), setting, request.Aborted);
        request.Response.StatusCode = 204;
    }
}
