using Coffer.S3.Acls;

namespace Coffer.S3.Operations;

/// <summary>Replaces the ACL of the latest version, or of the one named by versionId; the content is untouched.</summary>
internal static class PutObjectAcl
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var key = Names.Key(request);
        var versionId = request.Operation.VersionId;

        // The object first: an ACL for a missing key is NoSuchKey, whatever the ACL says.
        await request.Services.Objects.HeadAsync(bucket, key, versionId, request.Aborted);
        var acl = await AclRequest.ReadAsync(request, forBucket: false);
        var stored = await ResourceAcls.PrepareAsync(request.Services.Settings, bucket, acl, request.Aborted);
        await request.Services.Objects.SetAclAsync(bucket, key, versionId, stored, request.Aborted);
        if (versionId is not null)
        {
            request.Response.Headers["x-amz-version-id"] = versionId.Value.Value;
        }

        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}
