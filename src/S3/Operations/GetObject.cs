using System.Globalization;

using Coffer.Engine.Objects;
using Coffer.S3.Errors;
using Coffer.S3.Http;

namespace Coffer.S3.Operations;

/// <summary>GetObject and HeadObject: the same lookup, conditions and headers; HEAD sends no body.</summary>
internal static class GetObject
{
    private static readonly (string Query, string Header)[] ResponseOverrides =
    [
        ("response-content-type", "Content-Type"),
        ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"),
        ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"),
        ("response-content-encoding", "Content-Encoding"),
    ];

    public static async Task HandleAsync(S3Request request, bool includeBody)
    {
        var bucket = Names.Bucket(request);
        var key = Names.Key(request);
        if (request.Query("partNumber") is not null)
        {
            throw new S3Exception(S3Error.NotImplemented, "partNumber arrives with multipart uploads.");
        }

        // Open the content before deciding anything, so headers and bytes are of one version.
        using var opened = includeBody
            ? await request.Services.Objects.OpenAsync(bucket, key, request.Aborted)
            : null;
        var info = opened?.Info ?? await request.Services.Objects.HeadAsync(bucket, key, request.Aborted);
        var response = request.Response;

        switch (ReadPreconditionEvaluator.Evaluate(ConditionalHeaders.ForRead(request.HttpRequest.Headers), info.ETag, info.LastModified))
        {
            case PreconditionOutcome.Failed:
                throw new S3Exception(S3Error.PreconditionFailed, details: [new("Condition", "If-Match")]);
            case PreconditionOutcome.NotModified:
                response.StatusCode = 304;
                response.Headers.ETag = info.ETag;
                response.Headers.LastModified = HttpDates.Format(info.LastModified);
                return;
        }

        var checksumMode = string.Equals(request.Header("x-amz-checksum-mode"), "ENABLED", StringComparison.OrdinalIgnoreCase);
        var rangeKind = RangeHeader.Parse(request.Header("Range"), info.Size, out var range);
        if (rangeKind == RangeParse.Unsatisfiable)
        {
            throw new S3Exception(
                S3Error.InvalidRange,
                details: [new("RangeRequested", request.Header("Range") ?? ""), new("ActualObjectSize", info.Size.ToString(CultureInfo.InvariantCulture))])
            {
                Headers = new Dictionary<string, string> { ["Content-Range"] = $"bytes */{info.Size}" },
            };
        }

        // A ranged read is not the whole object, so its checksum would not describe the bytes sent.
        ObjectHeaderWriter.Write(response, info, includeChecksum: checksumMode && rangeKind == RangeParse.WholeObject);
        ApplyOverrides(request);

        if (rangeKind == RangeParse.Satisfiable)
        {
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {range.Offset}-{range.Last}/{info.Size}";
        }
        else
        {
            response.StatusCode = 200;
            range = new ByteRange(0, info.Size);
        }

        response.ContentLength = range.Length;
        if (opened is not null && range.Length > 0)
        {
            await opened.CopyRangeToAsync(response.Body, range.Offset, range.Length, request.Aborted);
        }
    }

    private static void ApplyOverrides(S3Request request)
    {
        foreach (var (query, header) in ResponseOverrides)
        {
            if (request.Query(query) is { } value)
            {
                request.Response.Headers[header] = value;
            }
        }
    }
}
