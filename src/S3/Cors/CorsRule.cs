namespace Coffer.S3.Cors;

/// <summary>
/// One CORSRule of a bucket's CORS configuration, as PutBucketCors accepted it: values are kept
/// as sent (case and whitespace included), in order, duplicates and all, because GetBucketCors
/// gives them back that way.
/// </summary>
public sealed record CorsRule
{
    public string? Id { get; init; }

    /// <summary>Origins, each either exact text or text with one "*" that stands for any run of characters.</summary>
    public required IReadOnlyList<string> AllowedOrigins { get; init; }

    /// <summary>GET, PUT, HEAD, POST or DELETE, in upper case.</summary>
    public required IReadOnlyList<string> AllowedMethods { get; init; }

    /// <summary>Header names a preflight may ask for, compared without regard to case, each with at most one "*".</summary>
    public IReadOnlyList<string> AllowedHeaders { get; init; } = [];

    /// <summary>Response headers a browser may let scripts read (Access-Control-Expose-Headers).</summary>
    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    /// <summary>How long a browser may cache a preflight's answer (Access-Control-Max-Age).</summary>
    public int? MaxAgeSeconds { get; init; }

    /// <summary>
    /// An origin of exactly "*" makes S3 answer "Access-Control-Allow-Origin: *" rather than the
    /// request's origin, and without Access-Control-Allow-Credentials.
    /// </summary>
    public bool AllowsAnyOrigin => AllowedOrigins.Contains(CorsConfiguration.Wildcard, StringComparer.Ordinal);
}
