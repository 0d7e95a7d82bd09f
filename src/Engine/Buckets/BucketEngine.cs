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

    public Task<BucketInfo> CreateAsync(BucketName name, string region, string owner, CancellationToken cancellationToken) =>
        CreateAsync(name, region, owner, objectLock: false, cancellationToken);

    /// <summary>
    /// Creates a bucket; with <paramref name="objectLock"/>, one with object lock on (and so versioning enabled, for
    /// good), as CreateBucket with x-amz-bucket-object-lock-enabled makes it.
    /// </summary>
    public async Task<BucketInfo> CreateAsync(BucketName name, string region, string owner, bool objectLock, CancellationToken cancellationToken)
    {
        var bucket = new BucketInfo(name.Value, region, owner, clock.GetUtcNow());
        if (objectLock)
        {
            bucket = bucket with { Versioning = BucketVersioning.Enabled, ObjectLock = new ObjectLockConfiguration(null) };
        }

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

    /// <summary>
    /// PutBucketVersioning: Enabled or Suspended (a bucket never goes back to unversioned). A bucket with object lock
    /// cannot be suspended: InvalidBucketState. Decided inside the transaction that stores it.
    /// </summary>
    public Task SetVersioningAsync(BucketName name, BucketVersioning state, CancellationToken cancellationToken)
    {
        if (state == BucketVersioning.Unversioned)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "A bucket can be versioned or suspended, never unversioned again.");
        }

        return UpdateAsync(
            name,
            bucket => bucket.ObjectLock is not null && state == BucketVersioning.Suspended
                ? throw new EngineException(
                    EngineError.InvalidBucketState, "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.")
                : bucket with { Versioning = state },
            cancellationToken);
    }

    /// <summary>
    /// PutObjectLockConfiguration: turns object lock on (for good) and sets or clears its default retention. Versioning
    /// must be enabled, as S3 requires when lock is turned on for an existing bucket: InvalidBucketState otherwise.
    /// </summary>
    public Task SetObjectLockAsync(BucketName name, ObjectLockConfiguration configuration, CancellationToken cancellationToken) =>
        UpdateAsync(
            name,
            bucket => bucket.Versioning != BucketVersioning.Enabled
                ? throw new EngineException(
                    EngineError.InvalidBucketState, "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration")
                : bucket with { ObjectLock = configuration },
            cancellationToken);

    /// <summary>
    /// PutBucketEncryption: replaces the bucket's encryption configuration, decided inside the transaction that stores it
    /// (see <see cref="BucketEncryptionRequest.Over"/>). Writes that begin after it returns obey the new default.
    /// </summary>
    public Task SetEncryptionAsync(BucketName name, BucketEncryptionRequest request, CancellationToken cancellationToken) =>
        UpdateAsync(name, bucket => bucket with { Encryption = request.Over(bucket.Encryption) }, cancellationToken);

    /// <summary>
    /// DeleteBucketEncryption: the bucket goes back to having no configuration, so new objects are stored as written and
    /// SSE-C is no longer blocked (Coffer's defaults). Deleting what is not there succeeds, as in S3.
    /// </summary>
    public Task DeleteEncryptionAsync(BucketName name, CancellationToken cancellationToken) =>
        UpdateAsync(name, bucket => bucket with { Encryption = null }, cancellationToken);

    private async Task UpdateAsync(BucketName name, Func<BucketInfo, BucketInfo> change, CancellationToken cancellationToken)
    {
        if (!await _changes.CountAsync(metadata.UpdateBucketAsync(name.Value, change, cancellationToken)))
        {
            throw new EngineException(EngineError.NoSuchBucket);
        }
    }
}
