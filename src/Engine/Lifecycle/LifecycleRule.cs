namespace Coffer.Engine.Lifecycle;

/// <summary>One rule of a lifecycle configuration: which objects it applies to and what happens to them when.</summary>
public sealed record LifecycleRule
{
    /// <summary>S3's limit on a rule's ID.</summary>
    public const int MaxIdLength = 255;

    /// <summary>The rule's ID, unique within the configuration; S3 makes one up when the document has none.</summary>
    public required string Id { get; init; }

    /// <summary>False for <c>Status</c> Disabled: the rule is kept and reported, and does nothing.</summary>
    public required bool Enabled { get; init; }

    public LifecycleFilter Filter { get; init; } = LifecycleFilter.Everything;

    public LifecycleExpiration? Expiration { get; init; }

    /// <summary>Transitions of current versions, in the order given.</summary>
    public IReadOnlyList<LifecycleTransition> Transitions { get; init; } = [];

    public NoncurrentVersionExpiration? NoncurrentVersionExpiration { get; init; }

    /// <summary>Transitions of noncurrent versions, in the order given.</summary>
    public IReadOnlyList<NoncurrentVersionTransition> NoncurrentVersionTransitions { get; init; } = [];

    /// <summary>Days after an upload was started that it is aborted, if it is still open; null when the rule aborts nothing.</summary>
    public int? AbortIncompleteMultipartUploadDays { get; init; }
}

/// <summary>
/// When current versions expire: after <see cref="Days"/> from their creation, or on <see cref="Date"/> (midnight UTC);
/// with <see cref="ExpiredObjectDeleteMarker"/>, a delete marker that hides no version any more is removed.
/// </summary>
public sealed record LifecycleExpiration
{
    public int? Days { get; init; }

    public DateTimeOffset? Date { get; init; }

    /// <summary>Null when the element was absent (reported as absent); false when given as false.</summary>
    public bool? ExpiredObjectDeleteMarker { get; init; }
}

/// <summary>A move of current versions to <see cref="StorageClass"/> after <see cref="Days"/> or on <see cref="Date"/>.</summary>
public sealed record LifecycleTransition(int? Days, DateTimeOffset? Date, string StorageClass);

/// <summary>
/// Noncurrent versions expire <see cref="NoncurrentDays"/> after they became noncurrent, except the newest
/// <see cref="NewerNoncurrentVersions"/> of them, which are kept however old.
/// </summary>
public sealed record NoncurrentVersionExpiration(int NoncurrentDays, int? NewerNoncurrentVersions);

/// <summary>A move of noncurrent versions to <see cref="StorageClass"/>, <see cref="NoncurrentDays"/> after they became noncurrent.</summary>
public sealed record NoncurrentVersionTransition(int NoncurrentDays, int? NewerNoncurrentVersions, string StorageClass);
