using Coffer.S3.Errors;
using Coffer.S3.ObjectLock;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// Sets the retention of the latest version, or of the one named. COMPLIANCE can only be lengthened; GOVERNANCE can be
/// shortened or changed only with x-amz-bypass-governance-retention from a caller allowed s3:BypassGovernanceRetention
/// (403 AccessDenied otherwise, as for a delete the lock refuses).
/// </summary>
internal static class PutObjectRetention
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var key = Names.Key(request);
        var body = await XmlRequestBody.ReadAsync(request);
        var retention = ObjectLockDocuments.ParseRetention(XmlRequestReader.Parse(body));
        if (retention.RetainUntil <= request.Services.Clock.GetUtcNow())
        {
            throw new S3Exception(S3Error.InvalidArgument, "The retain until date must be in the future!");
        }

        var bypass = await BypassGovernance.AllowedAsync(request, bucket.Value, key.Value);
        await request.Services.Objects.SetRetentionAsync(bucket, key, request.Operation.VersionId, retention, bypass, request.Aborted);
        if (request.Operation.VersionId is { } named)
        {
            request.Response.Headers["x-amz-version-id"] = named.Value;
        }

        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}
