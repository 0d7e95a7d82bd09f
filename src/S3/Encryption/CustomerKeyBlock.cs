using Coffer.Access.Principals;
using Coffer.Engine.Encryption;
using Coffer.Engine.Model;
using Coffer.S3.Authorization;
using Coffer.S3.Errors;
using Coffer.S3.Routing;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Encryption;

/// <summary>
/// A bucket that blocks SSE-C (BlockedEncryptionTypes SSE-C) refuses every write that asks for it with S3's 403
/// AccessDenied, whoever asks: PutObject, POST Object, CopyObject, and the steps of a multipart upload that write data.
/// Checked before anything else about the key (its headers, the 501 where SSE-C is not built, the HTTPS rule), so that a
/// client told "blocked" is told what S3 would tell it. Reads are never blocked: S3 lets existing SSE-C objects be read.
/// </summary>
public static class CustomerKeyBlock
{
    private static readonly HashSet<S3OperationKind> Writes =
    [
        S3OperationKind.PutObject, S3OperationKind.PostObject, S3OperationKind.CopyObject,
        S3OperationKind.CreateMultipartUpload, S3OperationKind.UploadPart, S3OperationKind.UploadPartCopy,
    ];

    /// <param name="headers">The request's headers, or a POST form's fields.</param>
    public static async Task CheckAsync(S3Services services, S3Operation operation, IHeaderDictionary headers, RequestPrincipal caller, CancellationToken cancellationToken)
    {
        // The customer key of the object written, not a copy source's (x-amz-copy-source-server-side-encryption-customer-*),
        // which only reads; any of the three asks for SSE-C, even incomplete.
        if (!Writes.Contains(operation.Kind) || !headers.Keys.Any(AsksForCustomerKey) || !BucketName.TryParse(operation.Bucket, out var name))
        {
            return;
        }

        var bucket = await services.Buckets.GetAsync(name.Value, cancellationToken);
        if (DefaultEncryptionRules.BlocksCustomerKeys(bucket) && S3Permissions.For(operation) is { } permission)
        {
            throw new S3Exception(
                S3Error.AccessDenied,
                $"User: {caller.Arn ?? "anonymous"} is not authorized to perform: {permission.Action} on resource: \"{permission.Resource}\" because this bucket " +
                "has blocked upload requests that specify Server Side Encryption with Customer provided keys (SSE-C). Please specify a different server-side encryption type");
        }
    }

    private static bool AsksForCustomerKey(string header) => header.StartsWith(CustomerKeyHeader.Prefix, StringComparison.OrdinalIgnoreCase);
}
