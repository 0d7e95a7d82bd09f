using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Maintenance;

/// <summary>
/// Deletes blobs that a commit released. The metadata store queued them in the commit's own
/// transaction, so a crash here only delays the deletion until the next sweep.
/// </summary>
public sealed class BlobReleaser(IMetadataStore metadata, IBlobStore blobs)
{
    public async Task ReleaseAsync(IReadOnlyList<BlobId> released, CancellationToken cancellationToken)
    {
        // A blob in a tier stays queued for the collector's next round: a tier may be remote, where a read in progress
        // does not keep a deleted blob as an open file does, so a GET streaming the replaced version gets that long.
        await DeleteQueuedAsync([.. released.Where(blob => blob.Tier is null)], cancellationToken);
    }

    /// <summary>
    /// Releases blobs written for a change of the key that did not happen (a transition or restore that found the version
    /// changed): queued in one transaction of the key, unless something references them after all, then deleted.
    /// </summary>
    public async Task ReleaseUnclaimedAsync(string bucket, string key, IReadOnlyList<BlobId> written)
    {
        if (written.Count > 0)
        {
            await ReleaseQuietlyAsync(await metadata.WriteKeyAsync(bucket, key, keyTx => keyTx.ReleaseUnreferenced(written), _ => true, CancellationToken.None));
        }
    }

    /// <summary>Deletes queued blobs, wherever they are, and forgets them: the collector's work.</summary>
    public async Task DeleteQueuedAsync(IReadOnlyList<BlobId> queued, CancellationToken cancellationToken)
    {
        if (queued.Count == 0)
        {
            return;
        }

        foreach (var blob in queued)
        {
            await blobs.DeleteAsync(blob, cancellationToken);
        }

        await metadata.ForgetBlobDeletionsAsync(queued, cancellationToken);
    }

    /// <summary>
    /// At most this many blobs are deleted before the request that released them is answered.
    /// Replacing a 10,000-part object released 10,000 files, whose unlinks took 3 to 20 seconds
    /// on a busy disk (bench/Micro, MultipartCompleteBenchmarks); the answer must not wait for that.
    /// </summary>
    public const int InlineLimit = 64;

    /// <summary>
    /// Releases after a commit without letting the client's cancellation stop it half-way: at
    /// once for a few blobs, in the background for more. Either way the deletions are already
    /// queued in the metadata store, so one cut short by a crash or shutdown is finished by the
    /// collector.
    /// </summary>
    public Task ReleaseQuietlyAsync(IReadOnlyList<BlobId> released)
    {
        if (released.Count <= InlineLimit)
        {
            return ReleaseSwallowingIoErrorsAsync(released);
        }

        _ = Task.Run(() => ReleaseSwallowingIoErrorsAsync(released));
        return Task.CompletedTask;
    }

    private async Task ReleaseSwallowingIoErrorsAsync(IReadOnlyList<BlobId> released)
    {
        try
        {
            await ReleaseAsync(released, CancellationToken.None);
        }
        catch (Exception)
        {
            // Any failure, not only an IOException: the commit has landed, so the request succeeded, and a full
            // disk (the metadata store cannot record that the blobs are gone) or a failing one must not turn that
            // into an error. The deletion stays queued in the metadata store; the collector retries it.
        }
    }
}
