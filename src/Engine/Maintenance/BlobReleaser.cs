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
        if (released.Count == 0)
        {
            return;
        }

        foreach (var blob in released)
        {
            await blobs.DeleteAsync(blob, cancellationToken);
        }

        await metadata.ForgetBlobDeletionsAsync(released, cancellationToken);
    }

    /// <summary>Releases after a commit without letting the client's cancellation stop it half-way.</summary>
    public async Task ReleaseQuietlyAsync(IReadOnlyList<BlobId> released)
    {
        try
        {
            await ReleaseAsync(released, CancellationToken.None);
        }
        catch (IOException)
        {
            // The deletion stays queued in the metadata store; the collector retries it.
        }
    }
}
