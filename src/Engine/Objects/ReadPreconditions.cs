using Coffer.Engine.Model;

namespace Coffer.Engine.Objects;

/// <summary>
/// The conditional headers of a read (If-Match, If-None-Match, If-Modified-Since,
/// If-Unmodified-Since, or their x-amz-copy-source-if-* twins), already parsed.
/// </summary>
public sealed record ReadPreconditions
{
    public static readonly ReadPreconditions None = new();

    /// <summary>The header as sent: a comma-separated list of entity tags (quoted or not), or "*".</summary>
    public string? IfMatch { get; init; }

    public string? IfNoneMatch { get; init; }

    public DateTimeOffset? IfModifiedSince { get; init; }

    public DateTimeOffset? IfUnmodifiedSince { get; init; }

    public bool IsEmpty => IfMatch is null && IfNoneMatch is null && IfModifiedSince is null && IfUnmodifiedSince is null;
}

public enum PreconditionOutcome
{
    Proceed,
    NotModified,
    Failed,
}

public static class ReadPreconditionEvaluator
{
    /// <summary>
    /// S3's precedence (RFC 7232 section 6): If-Match decides alone when present, otherwise
    /// If-Unmodified-Since; then If-None-Match decides alone when present, otherwise
    /// If-Modified-Since. A failed precondition (412) outranks "not modified" (304).
    /// Dates compare at whole seconds, because Last-Modified is sent with second precision.
    /// </summary>
    public static PreconditionOutcome Evaluate(ReadPreconditions conditions, string etag, DateTimeOffset lastModified)
    {
        var modified = TruncateToSeconds(lastModified);
        if (conditions.IfMatch is { } ifMatch)
        {
            if (!EntityTags.AnyMatches(ifMatch, etag))
            {
                return PreconditionOutcome.Failed;
            }
        }
        else if (conditions.IfUnmodifiedSince is { } unmodifiedSince && modified > TruncateToSeconds(unmodifiedSince))
        {
            return PreconditionOutcome.Failed;
        }

        if (conditions.IfNoneMatch is { } ifNoneMatch)
        {
            if (EntityTags.AnyMatches(ifNoneMatch, etag))
            {
                return PreconditionOutcome.NotModified;
            }
        }
        else if (conditions.IfModifiedSince is { } modifiedSince && modified <= TruncateToSeconds(modifiedSince))
        {
            return PreconditionOutcome.NotModified;
        }

        return PreconditionOutcome.Proceed;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Offset);
}
