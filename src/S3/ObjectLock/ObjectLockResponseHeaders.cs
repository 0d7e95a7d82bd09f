using Coffer.Engine.Model;
using Coffer.S3.Authorization;
using Coffer.S3.Xml;

namespace Coffer.S3.ObjectLock;

/// <summary>
/// The lock headers of a GET or HEAD answer. As in S3, the retention is shown only to a caller allowed
/// s3:GetObjectRetention on the object, and the legal hold only to one allowed s3:GetObjectLegalHold: reading an
/// object does not by itself reveal how it is locked.
/// </summary>
public static class ObjectLockResponseHeaders
{
    public static async Task WriteAsync(S3Request request, ObjectInfo info)
    {
        var (bucket, key) = (info.Bucket, info.Key);
        var headers = request.Response.Headers;
        if (info.Attributes.Retention is { } retention
            && await request.Authorizer.IsAllowedAsync(new RequiredPermission("s3:GetObjectRetention", S3Permissions.ObjectArn(bucket, key))))
        {
            headers[ObjectLockHeaders.Mode] = ObjectLockDocuments.ModeText(retention.Mode);
            headers[ObjectLockHeaders.RetainUntilDate] = S3Xml.Timestamp(retention.RetainUntil);
        }

        if (info.Attributes.LegalHold == LegalHoldStatus.On
            && await request.Authorizer.IsAllowedAsync(new RequiredPermission("s3:GetObjectLegalHold", S3Permissions.ObjectArn(bucket, key))))
        {
            headers[ObjectLockHeaders.LegalHold] = "ON";
        }
    }
}
