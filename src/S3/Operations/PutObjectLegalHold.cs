using Coffer.S3.ObjectLock;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>Puts a legal hold on the latest version, or on the one named, or takes it off.</summary>
internal static class PutObjectLegalHold
{
    public static async Task HandleAsync(S3Request request)
    {
        var body = await XmlRequestBody.ReadAsync(request);
        var legalHold = ObjectLockDocuments.ParseLegalHold(XmlRequestReader.Parse(body));
        await request.Services.Objects.SetLegalHoldAsync(Names.Bucket(request), Names.Key(request), request.Operation.VersionId, legalHold, request.Aborted);
        if (request.Operation.VersionId is { } named)
        {
            request.Response.Headers["x-amz-version-id"] = named.Value;
        }

        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}
