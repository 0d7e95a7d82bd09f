using Coffer.Engine.Model;

namespace Coffer.Engine.Tiering;

/// <summary>
/// One S3 Intelligent-Tiering configuration of a bucket (PutBucketIntelligentTieringConfiguration): which objects of the
/// INTELLIGENT_TIERING class move on to the archive access tiers, and after how many days without access.
/// </summary>
public sealed record IntelligentTieringConfiguration
{
    /// <summary>S3's limit on a configuration's ID, as for its other bucket configurations (analytics, inventory, metrics).</summary>
    public const int MaxIdLength = 64;

    public required string Id { get; init; }

    /// <summary>False for <c>Status</c> Disabled: the configuration is kept and reported, and does nothing.</summary>
    public required bool Enabled { get; init; }

    /// <summary>Objects under this prefix (empty: every object).</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Objects carrying every one of these tags.</summary>
    public IReadOnlyList<Tag> Tags { get; init; } = [];

    /// <summary>How the document said its filter, so that the configuration is answered in the same form.</summary>
    public IntelligentTieringFilterShape FilterShape { get; init; } = IntelligentTieringFilterShape.None;

    /// <summary>One or two tierings, each to a different tier.</summary>
    public required IReadOnlyList<IntelligentTiering> Tierings { get; init; }
}

/// <summary>Objects not accessed for <see cref="Days"/> consecutive days move to <see cref="AccessTier"/>.</summary>
public sealed record IntelligentTiering(IntelligentTieringAccessTier AccessTier, int Days);

public enum IntelligentTieringAccessTier
{
    /// <summary><c>ARCHIVE_ACCESS</c>: after 90 to 730 days.</summary>
    ArchiveAccess,

    /// <summary><c>DEEP_ARCHIVE_ACCESS</c>: after 180 to 730 days.</summary>
    DeepArchiveAccess,
}

/// <summary>How a configuration's document named its objects.</summary>
public enum IntelligentTieringFilterShape
{
    /// <summary>No <c>Filter</c> element: every object.</summary>
    None,

    /// <summary><c>Filter</c> with nothing in it.</summary>
    Empty,

    /// <summary><c>Filter</c> with one <c>Prefix</c>.</summary>
    Prefix,

    /// <summary><c>Filter</c> with one <c>Tag</c>.</summary>
    Tag,

    /// <summary><c>Filter</c> with <c>And</c> (a prefix and tags, or several tags).</summary>
    And,
}
