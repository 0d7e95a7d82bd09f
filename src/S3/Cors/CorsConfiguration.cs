namespace Coffer.S3.Cors;

/// <summary>A bucket's CORS configuration: its rules, in order, for the first that matches a request wins.</summary>
public sealed record CorsConfiguration(IReadOnlyList<CorsRule> Rules)
{
    /// <summary>S3's limit on rules per configuration.</summary>
    public const int MaxRules = 100;

    /// <summary>S3's limit on the size of the PutBucketCors document.</summary>
    public const int MaxDocumentBytes = 64 * 1024;

    /// <summary>The longest rule ID S3 accepts, in characters.</summary>
    public const int MaxIdLength = 255;

    public const string Wildcard = "*";

    /// <summary>The only methods a rule may allow, and the only ones a preflight may ask about; case-sensitive, as in S3.</summary>
    public static readonly IReadOnlySet<string> Methods = new HashSet<string>(["GET", "PUT", "HEAD", "POST", "DELETE"], StringComparer.Ordinal);
}
