using System.Globalization;

using Coffer.Engine.Checksums;
using Coffer.Engine.Multipart;
using Coffer.S3.Encryption;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Versioning;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// Stores one part copied from (a range of) an existing object: the version x-amz-copy-source names with ?versionId=, else
/// the current one, which x-amz-copy-source-version-id then names as CopyObject names it.
/// </summary>
internal static class UploadPartCopy
{
    private const string RangeFormMessage =
        "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy";

    public static async Task HandleAsync(S3Request request)
    {
        var target = new PartTarget(Names.Bucket(request), Names.Key(request), MultipartParameters.UploadId(request), MultipartParameters.PartNumber(request));
        var (sourceBucket, sourceKey, sourceVersion) = CopySource.Parse(request.Header("x-amz-copy-source"));
        var customerKey = CustomerKeyHeader.Read(request.HttpRequest.Headers);
        var (part, source) = await request.Services.Multipart.UploadPartCopyAsync(
            new UploadPartCopyRequest
            {
                Target = target,
                KeyUse = request.KeyUse,
                CustomerKey = customerKey,
                SourceCustomerKey = CustomerKeyHeader.ReadCopySource(request.HttpRequest.Headers),
                SourceBucket = sourceBucket,
                SourceKey = sourceKey,
                SourceVersion = sourceVersion,
                SourceConditions = ConditionalHeaders.ForCopySource(request.HttpRequest.Headers),
                SourceRange = Range(request.Header("x-amz-copy-source-range")),
            },
            request.Aborted);

        VersionHeaders.WriteCopySource(request.Response.Headers, source.VersionId, named: sourceVersion is not null);
        ServerSideEncryptionHeader.Write(request.Response.Headers, part, request.Services.KmsArns);
        CustomerKeyHeader.WritePart(request.Response.Headers, customerKey);
        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("CopyPartResult", S3Xml.Namespace);
            xml.WriteElementString("LastModified", S3Xml.Timestamp(part.LastModified));
            xml.WriteElementString("ETag", part.ETag);
            if (part.Checksum is { } checksum)
            {
                xml.WriteElementString("Checksum" + ChecksumNames.Of(checksum.Algorithm), checksum.Base64Value);
            }

            xml.WriteEndElement();
        }, request.Aborted);
    }

    /// <summary>
    /// "bytes=first-last", both given, first not after last. Unlike a GET's Range, S3 accepts no
    /// other form here (no suffix, no open end, no list) and refuses rather than ignores a bad one.
    /// </summary>
    internal static CopySourceRange? Range(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var text = header.Trim();
        if (text.StartsWith("bytes=", StringComparison.Ordinal)
            && text[6..].Split('-') is [var first, var last]
            && long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            && long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            && from <= to)
        {
            return new CopySourceRange(from, to);
        }

        throw new S3Exception(
            S3Error.InvalidArgument,
            RangeFormMessage,
            [new("ArgumentName", "x-amz-copy-source-range"), new("ArgumentValue", header)]);
    }
}
