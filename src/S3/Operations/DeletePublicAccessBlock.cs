using Coffer.Engine.Buckets;

namespace Coffer.S3.Operations;

/// <summary>Removes the public access block; 204 whether or not there was one.</summary>
internal static class DeletePublicAccessBlock
{
    public static async Task HandleAsync(S3Request request)
    {
        await request.Services.Settings.DeleteAsync(Names.Bucket(request), BucketSettingName.PublicAccessBlock, request.Aborted);
        request.Response.StatusCode = 204;
    }
}
