using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.S3.ObjectLock;

namespace Coffer.S3.Operations;

internal static class DeleteObject
{
    public static async Task HandleAsync(S3Request request)
    {
        var condition = request.Header("If-Match") is { } etag ? new WriteCondition { ETagMustMatch = etag.Trim() } : WriteCondition.None;
        var versionId = request.Operation.VersionId;
        var bucket = Names.Bucket(request);
        var key = Names.Key(request);
        await request.Services.Objects.DeleteAsync(
            new DeleteObjectRequest
            {
                Bucket = bucket,
                Key = key,
                VersionId = versionId,
                Condition = condition,
                BypassGovernance = await BypassGovernance.AllowedAsync(request, bucket.Value, key.Value),
            },
            request.Aborted);
        if (versionId is { } deleted)
        {
            // S3 names the version it was asked to delete, whether or not it existed.
            request.Response.Headers["x-amz-version-id"] = deleted.Value;
        }

        request.Response.StatusCode = 204;
    }
}
