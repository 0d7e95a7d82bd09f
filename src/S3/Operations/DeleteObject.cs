using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.S3.ObjectLock;
using Coffer.S3.Versioning;

namespace Coffer.S3.Operations;

internal static class DeleteObject
{
    public static async Task HandleAsync(S3Request request)
    {
        var condition = request.Header("If-Match") is { } etag ? new WriteCondition { ETagMustMatch = etag.Trim() } : WriteCondition.None;
        var (bucket, key) = (Names.Bucket(request), Names.Key(request));
        var deletion = new DeleteObjectRequest
        {
            Bucket = bucket,
            Key = key,
            VersionId = request.Operation.VersionId,
            Condition = condition,
            Requester = request.Principal,
            BypassGovernance = await BypassGovernance.AllowedAsync(request, bucket.Value, key.Value),
        };
        var result = await request.Services.Objects.DeleteAsync(deletion, request.Aborted);

        // S3 names the version it was asked to delete, whether or not it existed, and the marker a delete added.
        if (result.DeleteMarker)
        {
            VersionHeaders.WriteDeleteMarker(request.Response.Headers, result.VersionId!);
        }
        else if (result.VersionId is { } named)
        {
            VersionHeaders.Write(request.Response.Headers, named, named: true);
        }

        request.Response.StatusCode = 204;
    }
}
