using Coffer.Engine.Checksums;
using Coffer.Engine.Model;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Http;

/// <summary>Writes an object's stored headers to a GET or HEAD response.</summary>
public static class ObjectHeaderWriter
{
    /// <summary>S3's content type for objects stored without one.</summary>
    public const string DefaultContentType = "binary/octet-stream";

    public static void Write(HttpResponse response, ObjectInfo info, bool includeChecksum)
    {
        var headers = response.Headers;
        headers.ETag = info.ETag;
        headers.LastModified = HttpDates.Format(info.LastModified);
        headers.AcceptRanges = "bytes";
        headers.ContentType = info.Headers.ContentType ?? DefaultContentType;
        SetIfPresent(headers, "Content-Encoding", info.Headers.ContentEncoding);
        SetIfPresent(headers, "Content-Disposition", info.Headers.ContentDisposition);
        SetIfPresent(headers, "Content-Language", info.Headers.ContentLanguage);
        SetIfPresent(headers, "Cache-Control", info.Headers.CacheControl);
        SetIfPresent(headers, "Expires", info.Headers.Expires);
        foreach (var (name, value) in info.Headers.UserMetadata)
        {
            headers["x-amz-meta-" + name] = value;
        }

        // S3 names the class only when it is not STANDARD.
        if (info.StorageClass != StorageClasses.Standard)
        {
            headers["x-amz-storage-class"] = info.StorageClass;
        }

        if (info.VersionId != VersionIds.Null)
        {
            headers["x-amz-version-id"] = info.VersionId;
        }

        if (includeChecksum && info.Checksum is { } checksum)
        {
            headers[ChecksumNames.HeaderOf(checksum.Algorithm)] = checksum.Base64Value;
            headers["x-amz-checksum-type"] = "FULL_OBJECT";
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
