using Coffer.Engine.Objects;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Http;

public static class ConditionalHeaders
{
    /// <summary>If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since of a GET or HEAD.</summary>
    public static ReadPreconditions ForRead(IHeaderDictionary headers) =>
        Read(headers, "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since");

    /// <summary>The x-amz-copy-source-if-* headers of a copy, which guard the source object.</summary>
    public static ReadPreconditions ForCopySource(IHeaderDictionary headers) =>
        Read(headers, "x-amz-copy-source-if-match", "x-amz-copy-source-if-none-match", "x-amz-copy-source-if-modified-since", "x-amz-copy-source-if-unmodified-since");

    private static ReadPreconditions Read(IHeaderDictionary headers, string ifMatch, string ifNoneMatch, string ifModifiedSince, string ifUnmodifiedSince) => new()
    {
        IfMatch = Header(headers[ifMatch]),
        IfNoneMatch = Header(headers[ifNoneMatch]),
        // An unparseable date is ignored, as HTTP asks.
        IfModifiedSince = HttpDates.Parse(headers[ifModifiedSince]),
        IfUnmodifiedSince = HttpDates.Parse(headers[ifUnmodifiedSince]),
    };

    private static string? Header(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : values.ToString();
}
