using Coffer.Engine.Archive;
using Coffer.S3.Archive;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// Restores an archived version for some days: 202 when a restore starts, 200 when a restored copy exists already and
/// its expiry moves, 409 while one runs, 403 InvalidObjectState for a version that is not archived.
/// </summary>
internal static class RestoreObject
{
    public static async Task HandleAsync(S3Request request)
    {
        var body = await XmlRequestBody.ReadAsync(request);
        var (days, tier) = RestoreRequestDocument.Parse(XmlRequestReader.Parse(body));
        var restores = request.Services.Restores
            ?? throw new Errors.S3Exception(Errors.S3Error.NotImplemented, "This server restores no archived objects: nothing was restored.");
        var outcome = await restores.RequestAsync(
            new RestoreRequest(Names.Bucket(request), Names.Key(request), request.Operation.VersionId, days, tier), request.Aborted);
        if (request.Operation.VersionId is { } named)
        {
            request.Response.Headers["x-amz-version-id"] = named.Value;
        }

        request.Response.StatusCode = outcome == RestoreRequestOutcome.Started ? 202 : 200;
        request.Response.ContentLength = 0;
    }
}
