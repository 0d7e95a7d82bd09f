using System.Net;

using Coffer.Access.Principals;
using Coffer.Access.Requests;
using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Routing;
using Coffer.S3.Tagging;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Authorization;

/// <summary>
/// The condition keys a request brings to policy evaluation: who (aws:username, aws:userid,
/// aws:PrincipalType…), from where and when (aws:SourceIp, aws:SecureTransport, aws:CurrentTime),
/// and the S3 keys of its operation: s3:prefix, s3:delimiter and s3:max-keys on listings;
/// s3:x-amz-acl, s3:x-amz-server-side-encryption (with its -aws-kms-key-id and -customer-algorithm) on writes; the tags a request sets (s3:RequestObjectTag/&lt;key&gt;,
/// s3:RequestObjectTagKeys); s3:VersionId; the tags of the version an operation acts on (s3:ExistingObjectTag).
/// </summary>
public static class RequestConditions
{
    /// <param name="existingTags">The tags of the version the operation acts on, for s3:ExistingObjectTag/&lt;key&gt;; null when none is read.</param>
    /// <param name="requestTags">
    /// The tags the request sets outside x-amz-tagging (a PutObjectTagging body, a POST form's field); null when it sets none
    /// there, or they were not read. x-amz-tagging is read here.
    /// </param>
    public static RequestContext Of(
        HttpContext context, S3Operation operation, RequestPrincipal caller, TimeProvider clock, TagSet? existingTags = null, TagSet? requestTags = null)
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
            AddIfPresent(builder, ConditionKeys.S3ServerSideEncryptionKmsKeyId, request.Headers["x-amz-server-side-encryption-aws-kms-key-id"].ToString());
        }

        if (operation.Kind is S3OperationKind.PutObject or S3OperationKind.CopyObject or S3OperationKind.CreateMultipartUpload
            or S3OperationKind.UploadPart or S3OperationKind.UploadPartCopy)
        {
            AddIfPresent(builder, ConditionKeys.S3ServerSideEncryptionCustomerAlgorithm, request.Headers["x-amz-server-side-encryption-customer-algorithm"].ToString());
        }

        if ((requestTags ?? HeaderTags(operation.Kind, request.Headers)) is { } tags)
        {
            foreach (var tag in tags.Tags)
            {
                builder.Set(ConditionKeys.S3RequestObjectTag(tag.Key), tag.Value);
            }

            // Multivalued: policies test it with ForAnyValue: or ForAllValues:.
            builder.Set(ConditionKeys.S3RequestObjectTagKeys, tags.Tags.Select(tag => tag.Key));
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
        or S3OperationKind.PutObjectRetention or S3OperationKind.GetObjectLegalHold or S3OperationKind.PutObjectLegalHold
        or S3OperationKind.RestoreObject;

    /// <summary>
    /// The tags x-amz-tagging gives what the operation writes: on PutObject and CreateMultipartUpload, and on a copy only
    /// with x-amz-tagging-directive REPLACE (a COPY ignores the header). Null without the header, or with one S3 refuses,
    /// which the operation then says.
    /// </summary>
    public static TagSet? HeaderTags(S3OperationKind kind, IHeaderDictionary headers)
    {
        var writes = kind is S3OperationKind.PutObject or S3OperationKind.CreateMultipartUpload
            || (kind == S3OperationKind.CopyObject && TaggingHeader.ReplacesOnCopy(headers));
        if (!writes || !headers.TryGetValue(TaggingHeader.Name, out var value))
        {
            return null;
        }

        try
        {
            return TaggingHeader.Parse(value.ToString());
        }
        catch (S3Exception)
        {
            return null;
        }
    }

    private static void AddIfPresent(RequestContextBuilder builder, string key, string value)
    {
        if (value.Length > 0)
        {
            builder.Set(key, value);
        }
    }
}
