using Coffer.Engine.Ports;

namespace Coffer.S3.Operations;

internal static class DeleteObject
{
    public static async Task HandleAsync(S3Request request)
    {
        var condition = request.Header("If-Match") is { } etag ? new WriteCondition { ETagMustMatch = etag.Trim() } : WriteCondition.None;
        await request.Services.Objects.DeleteAsync(Names.Bucket(request), Names.Key(request), condition, request.Aborted);
        request.Response.StatusCode = 204;
    }
}
