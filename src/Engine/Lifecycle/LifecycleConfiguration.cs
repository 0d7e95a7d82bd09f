namespace Coffer.Engine.Lifecycle;

/// <summary>
/// A bucket's lifecycle configuration (S3's PutBucketLifecycleConfiguration), checked and typed: the protocol layer
/// parses the document once into this, the engine stores it with the bucket and the lifecycle worker acts on it.
/// </summary>
public sealed record LifecycleConfiguration
{
    /// <summary>S3's limit on the rules of one configuration.</summary>
    public const int MaxRules = 1000;

    public required IReadOnlyList<LifecycleRule> Rules { get; init; }

    /// <summary>The smallest object a transition moves (S3's <c>x-amz-transition-default-minimum-object-size</c>).</summary>
    public TransitionMinimumSize TransitionMinimumSize { get; init; } = TransitionMinimumSize.AllStorageClasses128K;
}

/// <summary>Which objects a transition leaves where they are for being small, unless a rule's filter says otherwise.</summary>
public enum TransitionMinimumSize
{
    /// <summary><c>all_storage_classes_128K</c>, S3's default since 2024: objects under 128 KiB are not transitioned.</summary>
    AllStorageClasses128K,

    /// <summary><c>varies_by_storage_class</c>: any size may go to the archive classes; 128 KiB for the others.</summary>
    VariesByStorageClass,
}
