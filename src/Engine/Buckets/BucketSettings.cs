using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Buckets;

/// <summary>
/// The documents a bucket carries besides its objects (CORS now; policy, ACL and the like later).
/// The engine does not read them: the protocol layer validates a document before it is put, and
/// parses it again when it is read. A document goes when its bucket is deleted.
/// </summary>
public sealed class BucketSettings(IMetadataStore metadata)
{
    /// <summary>
    /// The document, or null when the bucket has none or does not exist: one read, for paths that
    /// only need the document (CORS headers on a request from a browser).
    /// </summary>
    public Task<string?> FindAsync(BucketName bucket, BucketSettingName setting, CancellationToken cancellationToken) =>
        metadata.GetBucketSettingAsync(bucket.Value, StoredName(setting), cancellationToken);

    /// <summary>The document of an existing bucket, or null when it has none; NoSuchBucket when the bucket does not exist.</summary>
    public async Task<string?> GetAsync(BucketName bucket, BucketSettingName setting, CancellationToken cancellationToken)
    {
        // The bucket is looked up only when there is no document: a document implies its bucket.
        var document = await FindAsync(bucket, setting, cancellationToken);
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
        var status = await metadata.PutBucketSettingAsync(bucket.Value, StoredName(setting), document, cancellationToken);
        if (status != CommitStatus.Committed)
        {
            throw CommitFailures.ToException(status);
        }
    }

    /// <summary>Removes the document if there is one; NoSuchBucket when the bucket does not exist.</summary>
    public async Task DeleteAsync(BucketName bucket, BucketSettingName setting, CancellationToken cancellationToken)
    {
        var status = await metadata.DeleteBucketSettingAsync(bucket.Value, StoredName(setting), cancellationToken);
        if (status != CommitStatus.Committed)
        {
            throw CommitFailures.ToException(status);
        }
    }

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
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };
}
