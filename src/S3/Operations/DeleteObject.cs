using Coffer.Engine.Ports;

namespace Coffer.S3.Operations;

internal static class DeleteObject
{
    public static async Task HandleAsync(S3Request request)
    {
        var condition = request.Header("If-Match") is { } etag ? new WriteCondition { ETagMustMatch = etag.Trim() } : WriteCondition.None;
        var versionId = request.Operation.VersionId;
        await request.Services.Objects.DeleteAsync(Names.Bucket(request), Names.Key(request), versionId, condition, request.Aborted);
        if (versionId is { } deleted)
        {
            // S3 names the version it was asked to delete, whether or not it existed.
            request.Response.Headers["x-amz-version-id"] = deleted.Value;
        }

        request.Response.StatusCode = 204;
    }
}
