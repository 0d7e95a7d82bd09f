using Coffer.Engine.Checksums;
using Coffer.Engine.Model;
using Coffer.Engine.Objects;
using Coffer.S3.Acls;
using Coffer.S3.Encryption;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.ObjectLock;
using Coffer.S3.Tagging;
using Coffer.S3.Versioning;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

internal static class CopyObject
{
    public static async Task HandleAsync(S3Request request)
    {
        var headers = request.HttpRequest.Headers;
        var (sourceBucket, sourceKey, sourceVersion) = CopySource.Parse(request.Header("x-amz-copy-source"));
        var bucket = Names.Bucket(request);
        var key = Names.Key(request);

        var directive = request.Header("x-amz-metadata-directive")?.Trim().ToUpperInvariant() ?? "COPY";
        if (directive is not ("COPY" or "REPLACE"))
        {
            throw new S3Exception(S3Error.InvalidArgument, "Unknown metadata directive.");
        }

        var replace = directive == "REPLACE";
        var taggingDirective = request.Header(TaggingHeader.DirectiveName)?.Trim().ToUpperInvariant() ?? "COPY";
        if (taggingDirective is not ("COPY" or "REPLACE"))
        {
            throw new S3Exception(S3Error.InvalidArgument, "Unknown tagging directive.", [new("ArgumentName", TaggingHeader.DirectiveName), new("ArgumentValue", request.Header(TaggingHeader.DirectiveName)!)]);
        }

        var storageClass = headers.ContainsKey("x-amz-storage-class") ? ObjectHeaderReader.StorageClass(headers) : null;
        var encryption = ServerSideEncryptionHeader.Read(headers);
        var customerKey = CustomerKeyHeader.Read(headers);
        if (sourceBucket == bucket && sourceKey == key && sourceVersion is null && !replace && storageClass is null && encryption is null && customerKey is null)
        {
            throw new S3Exception(
                S3Error.InvalidRequest,
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        var lockRequest = ObjectLockHeaders.Read(headers, request.Services.Clock.GetUtcNow());
        var copy = new CopyObjectRequest
        {
            KeyUse = request.KeyUse,
            SourceCustomerKey = CustomerKeyHeader.ReadCopySource(headers),
            CustomerKey = customerKey,
            Encryption = encryption,
            SourceBucket = sourceBucket,
            SourceKey = sourceKey,
            SourceVersion = sourceVersion,
            SourceConditions = ConditionalHeaders.ForCopySource(headers),
            Bucket = bucket,
            Key = key,
            ReplacementHeaders = replace ? ObjectHeaderReader.Read(headers) : null,
            StorageClass = storageClass,
            Condition = PutObject.WriteConditionOf(request),
            ChecksumAlgorithm = ChecksumAlgorithmOf(request.Header("x-amz-checksum-algorithm")),
            Owner = request.Principal,

            // COPY keeps the source's tags (x-amz-tagging is then ignored, as S3 ignores it), unless the caller may not copy
            // tags and the source had none when that was judged; REPLACE takes the header's, or none.
            ReplacementTags = taggingDirective == "REPLACE" ? TaggingHeader.Read(headers) : request.Authorizer.MayCopySourceTags ? null : TagSet.Empty,

            // The copy's ACL is the request's, never the source's, as in S3.
            Acl = await ResourceAcls.FromObjectWriteAsync(request, bucket),

            // The copy's own lock, never the source's, as in S3.
            Retention = lockRequest.Retention,
            LegalHold = lockRequest.LegalHold,
        };

        var (copied, source) = await request.Services.Objects.CopyAsync(copy, request.Aborted);
        VersionHeaders.Write(request.Response.Headers, copied.VersionId);
        await Lifecycle.ExpirationHeader.WriteAsync(request, copied);
        ServerSideEncryptionHeader.Write(request.Response.Headers, copied.Attributes, withContext: true);
        CustomerKeyHeader.Write(request.Response.Headers, copied.Attributes, copy.CustomerKey);
        VersionHeaders.WriteCopySource(request.Response.Headers, source.VersionId, named: sourceVersion is not null);

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("CopyObjectResult", S3Xml.Namespace);
            xml.WriteElementString("LastModified", S3Xml.Timestamp(copied.LastModified));
            xml.WriteElementString("ETag", copied.ETag);
            if (copied.Checksum is { } checksum)
            {
                xml.WriteElementString("ChecksumType", "FULL_OBJECT");
                xml.WriteElementString("Checksum" + ChecksumNames.Of(checksum.Algorithm), checksum.Base64Value);
            }

            xml.WriteEndElement();
        }, request.Aborted);
    }

    private static ChecksumAlgorithm? ChecksumAlgorithmOf(string? header)
    {
        if (header is null)
        {
            return null;
        }

        return ChecksumNames.TryParse(header.Trim(), out var algorithm)
            ? algorithm
            : throw new S3Exception(S3Error.InvalidRequest, "Value for x-amz-checksum-algorithm header is invalid.");
    }
}

/// <summary>x-amz-copy-source: "bucket/key" or "/bucket/key", URL-encoded, optionally "?versionId=...".</summary>
internal static class CopySource
{
    public static (BucketName Bucket, ObjectKey Key, VersionId? Version) Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new S3Exception(S3Error.InvalidArgument, "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }

        var text = header.Trim();
        VersionId? version = null;
        var query = text.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            var parameter = text[(query + 1)..];
            text = text[..query];
            if (parameter.StartsWith("versionId=", StringComparison.Ordinal))
            {
                version = VersionIdParameter.Parse(parameter["versionId=".Length..], "x-amz-copy-source", header);
            }
        }

        if (!UriEncoding.TryDecodeStrict(text.TrimStart('/'), out var decoded))
        {
            throw new S3Exception(S3Error.InvalidArgument, "Invalid copy source encoding.");
        }

        var slash = decoded.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == decoded.Length - 1)
        {
            throw new S3Exception(S3Error.InvalidArgument, "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }

        if (!BucketName.TryParse(decoded[..slash], out var bucket))
        {
            throw new S3Exception(S3Error.NoSuchBucket);
        }

        return (bucket.Value, Names.Key(decoded[(slash + 1)..]), version);
    }
}
