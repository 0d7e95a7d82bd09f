using Coffer.Engine.Ports;

namespace Coffer.Engine.Buckets;

/// <summary>The writes to a bucket as a whole, each one <see cref="IMetadataStore.WriteBucketAsync"/> transaction running <see cref="BucketRules"/>.</summary>
public static class BucketWrites
{
    /// <summary>See <see cref="BucketRules.Delete"/>.</summary>
    public static Task<DeleteBucketOutcome> DeleteBucketAsync(this IMetadataStore store, string name, CancellationToken cancellationToken) =>
        store.WriteBucketAsync(name, BucketRules.Delete, outcome => outcome == DeleteBucketOutcome.Deleted, cancellationToken);
}
