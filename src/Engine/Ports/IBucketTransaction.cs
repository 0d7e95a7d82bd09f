using Coffer.Engine.Model;

namespace Coffer.Engine.Ports;

/// <summary>
/// One bucket as a whole, as one write transaction sees it, for the rules that change the bucket itself
/// (<c>Engine/Buckets/BucketRules</c>); the store decides nothing. Valid only inside the work given to
/// <see cref="IMetadataStore.WriteBucketAsync"/>.
/// </summary>
public interface IBucketTransaction
{
    string Bucket { get; }

    bool Exists();

    /// <summary>True when any key of the bucket has any version: older versions and delete markers count.</summary>
    bool HasVersions();

    /// <summary>Removes every open upload of the bucket with its parts; returns their blobs, candidates for <see cref="ReleaseUnreferenced"/>.</summary>
    IReadOnlyList<BlobId> RemoveUploads();

    /// <summary>Removes the bucket and its settings (a bucket created again under the name starts with none).</summary>
    void Remove();

    /// <summary>As <see cref="IKeyTransaction.ReleaseUnreferenced"/>.</summary>
    IReadOnlyList<BlobId> ReleaseUnreferenced(IEnumerable<BlobId> candidates);
}
