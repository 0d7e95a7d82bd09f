using Coffer.Engine.Caching;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Buckets;

/// <param name="bucketChanges">
/// The counter <see cref="BucketSettings"/> caches by: creating or deleting a bucket creates or
/// drops its settings, so a bucket deleted and made again never inherits its predecessor's policy.
/// </param>
public sealed class BucketEngine(IMetadataStore metadata, TimeProvider clock, ChangeCounter? bucketChanges = null)
{
    // A counter nobody watches when none is given: counting is then harmless.
    private readonly ChangeCounter _changes = bucketChanges ?? new ChangeCounter();

    public async Task<BucketInfo> CreateAsync(BucketName name, string region, string owner, CancellationToken cancellationToken)
    {
        var bucket = new BucketInfo(name.Value, region, owner, clock.GetUtcNow());
        var created = await _changes.CountAsync(metadata.CreateBucketAsync(bucket, cancellationToken));

        if (!created)
        {
            throw new EngineException(EngineError.BucketAlreadyExists);
        }

        return bucket;
    }

    public async Task<BucketInfo> GetAsync(BucketName name, CancellationToken cancellationToken) =>
        await metadata.GetBucketAsync(name.Value, cancellationToken) ?? throw new EngineException(EngineError.NoSuchBucket);

    public Task<IReadOnlyList<BucketInfo>> ListAsync(CancellationToken cancellationToken) => metadata.ListBucketsAsync(cancellationToken);

    public async Task DeleteAsync(BucketName name, CancellationToken cancellationToken)
    {
        var outcome = await _changes.CountAsync(metadata.DeleteBucketAsync(name.Value, cancellationToken));

        switch (outcome)
        {
            case DeleteBucketOutcome.NotFound:
                throw new EngineException(EngineError.NoSuchBucket);
            case DeleteBucketOutcome.NotEmpty:
                throw new EngineException(EngineError.BucketNotEmpty);
        }
    }
}
