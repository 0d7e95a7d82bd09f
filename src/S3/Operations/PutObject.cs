using Coffer.Engine.Checksums;
using Coffer.Engine.Model;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.S3.Acls;
using Coffer.S3.Auth;
using Coffer.S3.Encryption;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Lifecycle;
using Coffer.S3.ObjectLock;
using Coffer.S3.Tagging;
using Coffer.S3.Versioning;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Operations;

internal static class PutObject
{
    public static async Task HandleAsync(S3Request request)
    {
        var headers = request.HttpRequest.Headers;
        var checksum = ChecksumHeaders.Read(headers);
        var bucket = Names.Bucket(request);
        var written = WriteRequest(bucket, Names.Key(request), headers, checksum, request.Principal);
        var lockRequest = ObjectLockHeaders.Read(headers, request.Services.Clock.GetUtcNow());
        var put = written with
        {
            DeclaredLength = DeclaredLength(request),
            ContentMd5 = ContentMd5(request.Header("Content-MD5")),
            KeyUse = request.KeyUse,
            ExpectedChecksum = ExpectedChecksum(request, checksum),
            Condition = WriteConditionOf(request),
            Attributes = written.Attributes with
            {
                Acl = await ResourceAcls.FromObjectWriteAsync(request.Services.Settings, bucket, headers, request.Aborted),
                Retention = lockRequest.Retention,
                LegalHold = lockRequest.LegalHold,
            },
        };

        var stored = await request.Services.Objects.PutAsync(put, request.Auth.Body, request.Aborted);
        ServerSideEncryptionHeader.Write(request.Response.Headers, stored.Attributes, withContext: true);
        CustomerKeyHeader.Write(request.Response.Headers, stored.Attributes, put.CustomerKey);
        request.Response.StatusCode = 200;
        request.Response.Headers.ETag = stored.ETag;
        VersionHeaders.Write(request.Response.Headers, stored.VersionId);
        await ExpirationHeader.WriteAsync(request, stored);
        if (checksum is not null)
        {
            ObjectHeaderWriter.WriteChecksum(request.Response.Headers, stored.Checksum);
        }

        request.Response.ContentLength = 0;
    }

    /// <summary>
    /// What an upload's headers (or a POST form's fields, which S3 reads as the same headers) say
    /// about the object to store: content headers, user metadata, storage class, tags, encryption and checksum. Both
    /// read it here, so that what PutObject's member rules honour, a form's fields get too.
    /// </summary>
    internal static PutObjectRequest WriteRequest(BucketName bucket, ObjectKey key, IHeaderDictionary headers, ChecksumRequest? checksum, string owner) => new()
    {
        Bucket = bucket,
        Key = key,
        CustomerKey = CustomerKeyHeader.Read(headers),
        Attributes = new ObjectAttributes
        {
            Headers = ObjectHeaderReader.Read(headers),
            StorageClass = ObjectHeaderReader.StorageClass(headers),
            Owner = owner,
            Tags = TaggingHeader.Read(headers),
            Encryption = ServerSideEncryptionHeader.Read(headers),
        },
        // Like S3 since 2025, every object gets a full-object checksum: CRC64NVME unless the client chose one.
        ChecksumAlgorithm = checksum?.Algorithm ?? ChecksumAlgorithm.Crc64Nvme,
    };

    /// <summary>
    /// The decoded length: x-amz-decoded-content-length for aws-chunked bodies, else Content-Length.
    /// A body sent with Transfer-Encoding: chunked has no length up front (S3 accepts it, and the
    /// 5 GiB ceiling is then enforced while streaming); a body with no framing at all is refused.
    /// </summary>
    internal static long? DeclaredLength(S3Request request)
    {
        if (request.Auth.DecodedContentLength is { } length)
        {
            return length;
        }

        return request.HttpRequest.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? null
            : throw new S3Exception(S3Error.MissingContentLength);
    }

    internal static byte[]? ContentMd5(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var bytes = new byte[16];
        return Convert.TryFromBase64String(header.Trim(), bytes, out var written) && written == 16
            ? bytes
            : throw new S3Exception(S3Error.InvalidDigest);
    }

    /// <summary>The promised value: from the header now, or from the aws-chunked trailer once the body has ended.</summary>
    internal static Func<string?>? ExpectedChecksum(S3Request request, ChecksumRequest? checksum) => ExpectedChecksum(request.Auth, checksum);

    /// <inheritdoc cref="ExpectedChecksum(S3Request, ChecksumRequest?)"/>
    internal static Func<string?>? ExpectedChecksum(AuthenticatedRequest auth, ChecksumRequest? checksum)
    {
        if (checksum is null)
        {
            return null;
        }

        if (checksum.HeaderValue is { } value)
        {
            return () => value.Trim();
        }

        if (checksum.TrailerName is { } trailer)
        {
            return () =>
            {
                if (!auth.Trailers.TryGetValue(trailer, out var sent))
                {
                    throw new S3Exception(S3Error.InvalidRequest, $"The {trailer} trailer was declared but not sent.");
                }

                return ChecksumHeaders.IsWellFormed(checksum.Algorithm, sent)
                    ? sent.Trim()
                    : throw new S3Exception(S3Error.BadDigest, $"The {ChecksumNames.Of(checksum.Algorithm)} you specified did not match the calculated checksum.");
            };
        }

        return null;
    }

    internal static WriteCondition WriteConditionOf(S3Request request)
    {
        var ifNoneMatch = request.Header("If-None-Match")?.Trim();
        var ifMatch = request.Header("If-Match")?.Trim();
        if (ifNoneMatch is null && ifMatch is null)
        {
            return WriteCondition.None;
        }

        return new WriteCondition
        {
            MustNotExist = ifNoneMatch == "*",
            ETagMustNotMatch = ifNoneMatch is not null and not "*" ? ifNoneMatch : null,
            ETagMustMatch = ifMatch,
        };
    }
}
