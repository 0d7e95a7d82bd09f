using Coffer.Engine.Caching;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Buckets;

/// <summary>
/// The documents a bucket carries besides its objects (CORS now; policy, ACL and the like later).
/// The engine does not read them: the protocol layer validates a document before it is put, and
/// parses it again when it is read. A document goes when its bucket is deleted.
/// </summary>
/// <param name="bucketChanges">
/// Counts the changes to buckets and their settings made through this process; the same counter
/// must go to the <see cref="BucketEngine"/>, whose deletions take settings with them. With it,
/// <see cref="FindAsync"/> answers from memory for a few seconds; without it, from the store.
/// </param>
public sealed class BucketSettings(IMetadataStore metadata, ChangeCounter? bucketChanges = null, TimeProvider? clock = null)
{
    /// <summary>
    /// How long <see cref="FindAsync"/> reuses a document. Authorization reads the policy, the
    /// public access block, the ownership rule and the ACL on requests that are not root's; a
    /// change through this server applies at once, so this bounds only how long one made through
    /// another node sharing the database goes unseen here.
    /// </summary>
    public static readonly TimeSpan FindLifetime = TimeSpan.FromSeconds(5);

    /// <summary>Buckets times settings; past it the cache starts over.</summary>
    private const int MaxCachedDocuments = 4096;

    // A counter nobody watches when none is given, which then also means nothing is cached.
    private readonly ChangeCounter _changes = bucketChanges ?? new ChangeCounter();

    private readonly ShortLivedCache<(string Bucket, BucketSettingName Setting), Found>? _found = bucketChanges is null
        ? null
        : new(bucketChanges, FindLifetime, MaxCachedDocuments, clock ?? TimeProvider.System);

    /// <summary>
    /// The document, or null when the bucket has none or does not exist, for the paths that only
    /// need the document on every request (authorization, CORS headers). It may be a few seconds
    /// old when another node changed it (see <see cref="FindLifetime"/>); never after a change
    /// through this process.
    /// </summary>
    public async Task<string?> FindAsync(BucketName bucket, BucketSettingName setting, CancellationToken cancellationToken)
    {
        if (_found is null)
        {
            return await ReadAsync(bucket, setting, cancellationToken);
        }

        var key = (bucket.Value, setting);
        if (_found.TryGet(key, out var cached))
        {
            return cached.Document;
        }

        var stamp = _found.Stamp();
        var document = await ReadAsync(bucket, setting, cancellationToken);
        _found.Set(key, new Found(document), stamp);
        return document;
    }

    /// <summary>
    /// The document of an existing bucket, or null when it has none; NoSuchBucket when the bucket
    /// does not exist. Always read from the store: a GetBucket* answer is read-after-write consistent.
    /// </summary>
    public async Task<string?> GetAsync(BucketName bucket, BucketSettingName setting, CancellationToken cancellationToken)
    {
        // The bucket is looked up only when there is no document: a document implies its bucket.
        var document = await ReadAsync(bucket, setting, cancellationToken);
        if (document is null && await metadata.GetBucketAsync(bucket.Value, cancellationToken) is null)
        {
            throw new EngineException(EngineError.NoSuchBucket);
        }

        return document;
    }

    /// <summary>Stores the document, replacing any earlier one; NoSuchBucket when the bucket does not exist.</summary>
    public async Task PutAsync(BucketName bucket, BucketSettingName setting, string document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var status = await _changes.CountAsync(metadata.PutBucketSettingAsync(bucket.Value, StoredName(setting), document, cancellationToken));

        if (status != CommitStatus.Committed)
        {
            throw CommitFailures.ToException(status);
        }
    }

    /// <summary>Removes the document if there is one; NoSuchBucket when the bucket does not exist.</summary>
    public async Task DeleteAsync(BucketName bucket, BucketSettingName setting, CancellationToken cancellationToken)
    {
        var status = await _changes.CountAsync(metadata.DeleteBucketSettingAsync(bucket.Value, StoredName(setting), cancellationToken));

        if (status != CommitStatus.Committed)
        {
            throw CommitFailures.ToException(status);
        }
    }

    private Task<string?> ReadAsync(BucketName bucket, BucketSettingName setting, CancellationToken cancellationToken) =>
        metadata.GetBucketSettingAsync(bucket.Value, StoredName(setting), cancellationToken);

    /// <summary>
    /// The key each setting is stored under. Written into every metadata store, so a name never
    /// changes once shipped, whatever the enum member is called.
    /// </summary>
    internal static string StoredName(BucketSettingName setting) => setting switch
    {
        BucketSettingName.Cors => "cors",
        BucketSettingName.Policy => "policy",
        BucketSettingName.PublicAccessBlock => "public-access-block",
        BucketSettingName.Acl => "acl",
        BucketSettingName.OwnershipControls => "ownership-controls",
        BucketSettingName.Tagging => "tagging",
        BucketSettingName.Lifecycle => "lifecycle",
        BucketSettingName.IntelligentTiering => "intelligent-tiering",
        BucketSettingName.LifecycleProgress => "lifecycle-progress",
        BucketSettingName.IntelligentTieringProgress => "intelligent-tiering-progress",
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };

    /// <summary>A cached answer, which may be "no document".</summary>
    private sealed record Found(string? Document);
}
