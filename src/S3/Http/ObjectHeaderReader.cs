using System.Text;

using Coffer.Engine.Model;
using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Http;

/// <summary>Reads the headers S3 stores with an object from a PUT (or a copy with REPLACE).</summary>
public static class ObjectHeaderReader
{
    /// <summary>S3 limits user metadata to 2 KB: the UTF-8 bytes of every name and value together.</summary>
    public const int MaxUserMetadataBytes = 2048;

    private const string MetaPrefix = "x-amz-meta-";

    public static ObjectHeaders Read(IHeaderDictionary headers)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var metadataBytes = 0;
        foreach (var (name, value) in headers)
        {
            if (name.Length > MetaPrefix.Length && name.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var key = name[MetaPrefix.Length..].ToLowerInvariant();
                var text = value.ToString();
                metadataBytes += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(text);
                metadata[key] = text;
            }
        }

        if (metadataBytes > MaxUserMetadataBytes)
        {
            throw new S3Exception(
                S3Error.MetadataTooLarge,
                details: [new("Size", metadataBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("MaxSizeAllowed", MaxUserMetadataBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        return new ObjectHeaders
        {
            ContentType = Optional(headers.ContentType),
            ContentEncoding = StoredContentEncoding(headers.ContentEncoding),
            ContentDisposition = Optional(headers.ContentDisposition),
            ContentLanguage = Optional(headers.ContentLanguage),
            CacheControl = Optional(headers.CacheControl),
            Expires = Optional(headers.Expires),
            UserMetadata = metadata,
        };
    }

    /// <summary>
    /// x-amz-storage-class: any class of a general-purpose bucket (each stored in the main blob store or its tier);
    /// anything else is InvalidStorageClass. Absent means STANDARD.
    /// </summary>
    public static string StorageClass(IHeaderDictionary headers)
    {
        var value = headers["x-amz-storage-class"].ToString();
        if (value.Length == 0)
        {
            return StorageClasses.Standard;
        }

        return StorageClasses.IsKnown(value) ? value : throw new S3Exception(S3Error.InvalidStorageClass);
    }

    /// <summary>
    /// "aws-chunked" describes the transfer, not the object: S3 drops it and keeps any other
    /// coding the client layered on (e.g. "aws-chunked,gzip" is stored as "gzip").
    /// </summary>
    private static string? StoredContentEncoding(Microsoft.Extensions.Primitives.StringValues value)
    {
        if (value.Count == 0)
        {
            return null;
        }

        var codings = value.ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => !c.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        return codings.Length == 0 ? null : string.Join(", ", codings);
    }

    private static string? Optional(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 ? null : value.ToString();
}
