using System.Globalization;

using Coffer.Engine.Encryption;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.S3.Encryption;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Versioning;

using Microsoft.AspNetCore.Http;

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
        var partNumber = request.Operation.PartNumber;
        if (partNumber is not null && request.Header("Range") is not null)
        {
            throw new S3Exception(S3Error.InvalidRequest, "Cannot specify both Range header and partNumber query parameter");
        }

        // Open the content before deciding anything, so headers and bytes are of one version. HEAD opens nothing, but an
        // SSE-C object's metadata is answered only to its key, as S3 does.
        var customerKey = CustomerKeyHeader.Read(request.HttpRequest.Headers);
        using var opened = includeBody ? await OpenAsync(request, bucket, key, partNumber, customerKey) : null;
        var info = opened?.Info ?? await request.Services.Objects.HeadAsync(bucket, key, request.Operation.VersionId, request.Aborted);
        if (opened is null)
        {
            if (partNumber is { } headed)
            {
                RequirePart(info, headed);
            }

            CustomerKeyRules.RequireForRead(info.Attributes, customerKey);
        }

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
        PartLocation? part = partNumber is { } number ? LocatePart(info, number, response) : null;
        var (rangeKind, range) = part is { } located
            ? (RangeParse.Satisfiable, new ByteRange(located.Offset, located.Length))
            : HeaderRange(request, info.Size);

        // A part is sent with its own checksum; any other range has none that describes its bytes.
        var checksum = part?.Checksum ?? (rangeKind == RangeParse.WholeObject ? info.Checksum : null);
        ObjectHeaderWriter.Write(response, info, checksumMode ? checksum : null);
        CustomerKeyHeader.Write(response.Headers, info.Attributes, customerKey);
        VersionHeaders.Write(response.Headers, info.VersionId, named: request.Operation.VersionId is not null);
        await ObjectLock.ObjectLockResponseHeaders.WriteAsync(request, info);
        await Lifecycle.ExpirationHeader.WriteAsync(request, info);
        ApplyOverrides(request);

        if (rangeKind == RangeParse.WholeObject)
        {
            range = new ByteRange(0, info.Size);
        }

        // An empty part has no byte range to name: it is answered as an empty whole.
        if (rangeKind == RangeParse.Satisfiable && range.Length > 0)
        {
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {range.Offset}-{range.Last}/{info.Size}";
        }
        else
        {
            response.StatusCode = 200;
        }

        response.ContentLength = range.Length;
        if (opened is not null && range.Length > 0)
        {
            await opened.CopyRangeToAsync(response.Body, range.Offset, range.Length, request.Aborted);
        }
    }

    private static (RangeParse Kind, ByteRange Range) HeaderRange(S3Request request, long size)
    {
        var kind = RangeHeader.Parse(request.Header("Range"), size, out var range);
        if (kind == RangeParse.Unsatisfiable)
        {
            throw new S3Exception(
                S3Error.InvalidRange,
                details: [new("RangeRequested", request.Header("Range") ?? ""), new("ActualObjectSize", size.ToString(CultureInfo.InvariantCulture))])
            {
                Headers = new Dictionary<string, string> { ["Content-Range"] = $"bytes */{size}" },
            };
        }

        return (kind, range);
    }

    /// <summary>The version GET reads, opened with the request's SSE-C key, if any.</summary>
    private static async Task<OpenedObject> OpenAsync(S3Request request, BucketName bucket, ObjectKey key, int? partNumber, CustomerKey? customerKey)
    {
        var objects = request.Services.Objects;
        try
        {
            return await objects.OpenAsync(bucket, key, request.Operation.VersionId, request.KeyUse, customerKey, request.Aborted);
        }
        catch (EngineException refused) when (refused.Code == EngineError.InvalidRequest && partNumber is { } asked && customerKey is null)
        {
            // A part past the last is refused before a missing SSE-C key is, as S3 orders the two; looked up only then.
            RequirePart(await objects.HeadAsync(bucket, key, request.Operation.VersionId, request.Aborted), asked);
            throw;
        }
    }

    /// <summary>The part numbered <paramref name="partNumber"/> of the version.</summary>
    private static PartLocation RequirePart(ObjectInfo info, int partNumber) =>
        // A part past the last one: the conformance suite (which runs against AWS) expects
        // 400 InvalidPart here, not the 416 InvalidPartNumber the error catalog describes.
        ObjectParts.Locate(info, partNumber) ?? throw new S3Exception(S3Error.InvalidPart, "The requested partnumber is not satisfiable");

    /// <summary>
    /// partNumber reads one part as if it were a range: 206 with its Content-Range, and the
    /// number of parts in x-amz-mp-parts-count. An object stored by one PUT has one part, the
    /// whole object (S3 then sends no parts count).
    /// </summary>
    private static PartLocation LocatePart(ObjectInfo info, int partNumber, HttpResponse response)
    {
        var part = RequirePart(info, partNumber);
        if (part.PartsCount is { } count)
        {
            response.Headers["x-amz-mp-parts-count"] = count.ToString(CultureInfo.InvariantCulture);
        }

        return part;
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
