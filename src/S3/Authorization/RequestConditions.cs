using System.Net;

using Coffer.Access.Principals;
using Coffer.Access.Requests;
using Coffer.Engine.Model;
using Coffer.S3.Routing;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Coffer.S3.Authorization;

/// <summary>
/// The condition keys a request brings to policy evaluation: who (aws:username, aws:userid,
/// aws:PrincipalType…), from where and when (aws:SourceIp, aws:SecureTransport, aws:CurrentTime),
/// and the S3 keys of its operation: s3:prefix, s3:delimiter and s3:max-keys on listings;
/// s3:x-amz-acl, s3:x-amz-server-side-encryption and the request's tags on writes; s3:VersionId; the tags of the
/// version an operation acts on (s3:ExistingObjectTag).
/// </summary>
public static class RequestConditions
{
    /// <param name="existingTags">The tags of the version the operation acts on, for s3:ExistingObjectTag/&lt;key&gt;; null when none is read.</param>
    public static RequestContext Of(HttpContext context, S3Operation operation, RequestPrincipal caller, TimeProvider clock, TagSet? existingTags = null)
    {
        var request = context.Request;
        var builder = new RequestContextBuilder()
            .WithPrincipal(caller)
            .WithSecureTransport(request.IsHttps)
            .WithCurrentTime(clock.GetUtcNow());
        if (context.Connection.RemoteIpAddress is IPAddress address)
        {
            builder.WithSourceIp(address);
        }

        AddIfPresent(builder, ConditionKeys.Referer, request.Headers.Referer.ToString());
        AddIfPresent(builder, ConditionKeys.UserAgent, request.Headers.UserAgent.ToString());
        AddIfPresent(builder, ConditionKeys.S3VersionId, operation.VersionId?.Value ?? "");

        if (operation.Kind is S3OperationKind.ListObjects or S3OperationKind.ListObjectsV2 or S3OperationKind.ListObjectVersions)
        {
            // s3:prefix is present, even empty, on every listing: a policy that pins it to a
            // folder must see "" for a listing of the whole bucket, not a missing key.
            builder.Set(ConditionKeys.S3Prefix, request.Query["prefix"].ToString());
            AddIfPresent(builder, ConditionKeys.S3Delimiter, request.Query["delimiter"].ToString());
            AddIfPresent(builder, ConditionKeys.S3MaxKeys, request.Query["max-keys"].ToString());
        }

        if (operation.Kind is S3OperationKind.PutObject or S3OperationKind.CopyObject or S3OperationKind.CreateMultipartUpload)
        {
            AddIfPresent(builder, ConditionKeys.S3ServerSideEncryption, request.Headers["x-amz-server-side-encryption"].ToString());
            AddTags(builder, request.Headers["x-amz-tagging"].ToString());
        }

        foreach (var tag in existingTags?.Tags ?? [])
        {
            builder.Set(ConditionKeys.S3ExistingObjectTag(tag.Key), tag.Value);
        }

        AddIfPresent(builder, ConditionKeys.S3CannedAcl, request.Headers["x-amz-acl"].ToString());
        return builder.Build();
    }

    /// <summary>The operations AWS gives s3:ExistingObjectTag for: those that act on a stored version and read or change it in place.</summary>
    public static bool ActsOnAStoredVersion(S3OperationKind kind) => kind is S3OperationKind.GetObject or S3OperationKind.HeadObject
        or S3OperationKind.GetObjectAcl or S3OperationKind.PutObjectAcl or S3OperationKind.GetObjectTagging or S3OperationKind.PutObjectTagging
        or S3OperationKind.DeleteObjectTagging or S3OperationKind.GetObjectAttributes or S3OperationKind.GetObjectRetention
        or S3OperationKind.PutObjectRetention or S3OperationKind.GetObjectLegalHold or S3OperationKind.PutObjectLegalHold;

    /// <summary>s3:RequestObjectTag/&lt;key&gt; for each tag of x-amz-tagging, and s3:RequestObjectTagKeys for their keys.</summary>
    private static void AddTags(RequestContextBuilder builder, string tagging)
    {
        if (tagging.Length == 0)
        {
            return;
        }

        var tags = QueryHelpers.ParseQuery(tagging);
        foreach (var (key, value) in tags)
        {
            builder.Set(ConditionKeys.S3RequestObjectTagPrefix + key, value.ToString());
        }

        builder.Set(ConditionKeys.S3RequestObjectTagKeys, tags.Keys);
    }

    private static void AddIfPresent(RequestContextBuilder builder, string key, string value)
    {
        if (value.Length > 0)
        {
            builder.Set(key, value);
        }
    }
}
