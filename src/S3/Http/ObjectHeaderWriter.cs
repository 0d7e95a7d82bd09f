using Coffer.Engine.Checksums;
using Coffer.Engine.Model;
using Coffer.S3.Encryption;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Http;

/// <summary>Writes an object's stored headers to a GET or HEAD response.</summary>
public static class ObjectHeaderWriter
{
    /// <summary>S3's content type for objects stored without one.</summary>
    public const string DefaultContentType = "binary/octet-stream";

    /// <param name="checksum">The checksum to send (x-amz-checksum-mode), when it describes the bytes sent; else null.</param>
    public static void Write(HttpResponse response, ObjectInfo info, ObjectChecksum? checksum)
    {
        var headers = response.Headers;
        headers.ETag = info.ETag;
        headers.LastModified = HttpDates.Format(info.LastModified);
        headers.AcceptRanges = "bytes";
        var stored = info.Attributes.Headers;
        headers.ContentType = stored.ContentType ?? DefaultContentType;
        SetIfPresent(headers, "Content-Encoding", stored.ContentEncoding);
        SetIfPresent(headers, "Content-Disposition", stored.ContentDisposition);
        SetIfPresent(headers, "Content-Language", stored.ContentLanguage);
        SetIfPresent(headers, "Cache-Control", stored.CacheControl);
        SetIfPresent(headers, "Expires", stored.Expires);
        foreach (var (name, value) in stored.UserMetadata)
        {
            headers["x-amz-meta-" + name] = value;
        }

        // S3 names the class only when it is not STANDARD.
        if (info.Attributes.StorageClass != StorageClasses.Standard)
        {
            headers["x-amz-storage-class"] = info.Attributes.StorageClass;
        }

        // x-amz-restore: a restore asked of an archived version, running or done.
        if (info.Restore is { } restore)
        {
            headers["x-amz-restore"] = restore.ExpiresAt is { } expires
                ? $"ongoing-request=\"false\", expiry-date=\"{HttpDates.Format(expires)}\""
                : "ongoing-request=\"true\"";
        }

        // x-amz-archive-status: an INTELLIGENT_TIERING version in one of the archive access tiers (S3 sends it with HEAD only).
        if (info.IsInArchiveAccessTier)
        {
            headers["x-amz-archive-status"] = info.Tiering!.TierName;
        }

        // S3 counts the tags only when there are some.
        if (info.Attributes.Tags.Count > 0)
        {
            headers["x-amz-tagging-count"] = info.Attributes.Tags.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        ServerSideEncryptionHeader.Write(headers, info.Attributes);
        WriteChecksum(headers, checksum);
    }

    /// <summary>x-amz-checksum-&lt;alg&gt; and x-amz-checksum-type, as GET, HEAD, PUT and UploadPart send them.</summary>
    public static void WriteChecksum(IHeaderDictionary headers, ObjectChecksum? checksum)
    {
        if (checksum is not null)
        {
            headers[ChecksumNames.HeaderOf(checksum.Algorithm)] = checksum.Base64Value;
            headers["x-amz-checksum-type"] = ChecksumNames.Of(checksum.Type);
        }
    }

    private static void SetIfPresent(IHeaderDictionary headers, string name, string? value)
    {
        if (value is not null)
        {
            headers[name] = value;
        }
    }
}
