using Coffer.Engine.Buckets;
using Coffer.S3.Acls;

namespace Coffer.S3.Operations;

/// <summary>Replaces the bucket's ACL, given as an AccessControlPolicy body or as ACL headers.</summary>
internal static class PutBucketAcl
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        await request.Services.Buckets.GetAsync(bucket, request.Aborted);
        var acl = await AclRequest.ReadAsync(request, forBucket: true);
        var stored = await ResourceAcls.PrepareAsync(request.Services.Settings, bucket, acl, request.Aborted);
        if (stored is null)
        {
            await request.Services.Settings.DeleteAsync(bucket, BucketSettingName.Acl, request.Aborted);
        }
        else
        {
            await request.Services.Settings.PutAsync(bucket, BucketSettingName.Acl, stored, request.Aborted);
        }

        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}
