using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Buckets;

public sealed class BucketEngine(IMetadataStore metadata, TimeProvider clock)
{
    public async Task<BucketInfo> CreateAsync(BucketName name, string region, string owner, CancellationToken cancellationToken)
    {
        var bucket = new BucketInfo(name.Value, region, owner, clock.GetUtcNow());
        if (!await metadata.CreateBucketAsync(bucket, cancellationToken))
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
        switch (await metadata.DeleteBucketAsync(name.Value, cancellationToken))
        {
            case DeleteBucketOutcome.NotFound:
                throw new EngineException(EngineError.NoSuchBucket);
            case DeleteBucketOutcome.NotEmpty:
                throw new EngineException(EngineError.BucketNotEmpty);
        }
    }
}
