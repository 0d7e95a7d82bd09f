using Coffer.Engine.Model;

namespace Coffer.Engine.Listing;

public sealed record ListRequest
{
    public required BucketName Bucket { get; init; }

    public string Prefix { get; init; } = "";

    /// <summary>Any non-empty string groups keys into common prefixes; null or empty lists flat.</summary>
    public string? Delimiter { get; init; }

    /// <summary>List only entries after this key or common prefix (marker, start-after, continuation).</summary>
    public string? After { get; init; }

    /// <summary>0 to 1,000; the protocol layer clamps what clients ask for.</summary>
    public int MaxKeys { get; init; } = 1000;
}

public sealed record ListPage(
    IReadOnlyList<ObjectInfo> Objects,
    IReadOnlyList<string> CommonPrefixes,
    bool IsTruncated,
    string? LastReturned);
