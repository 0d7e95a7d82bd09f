using Coffer.Engine.Ports;

namespace Coffer.Engine.Maintenance;

/// <summary>
/// Aborts multipart uploads that were started long ago and never completed or aborted, and
/// frees their part blobs. S3 leaves this to lifecycle rules; a self-hosted store with no
/// lifecycle configuration yet would otherwise keep the parts of every interrupted upload forever.
/// </summary>
public sealed class UploadSweeper(IMetadataStore metadata, BlobReleaser releaser)
{
    /// <summary>How old an open upload must be to count as abandoned, unless the host says otherwise.</summary>
    public static readonly TimeSpan DefaultAbandonedAfter = TimeSpan.FromDays(7);

    private const int Batch = 100;

    /// <summary>Aborts every upload created before <paramref name="initiatedBefore"/>; returns how many.</summary>
    public async Task<int> SweepAsync(DateTimeOffset initiatedBefore, CancellationToken cancellationToken)
    {
        var aborted = 0;
        while (true)
        {
            var uploads = await metadata.ListAbandonedUploadsAsync(initiatedBefore, Batch, cancellationToken);
            if (uploads.Count == 0)
            {
                return aborted;
            }

            foreach (var upload in uploads)
            {
                // NoSuchUpload means a client completed or aborted it meanwhile: nothing to do.
                var outcome = await metadata.AbortUploadAsync(upload.Bucket, upload.Key, upload.UploadId, cancellationToken);
                if (outcome.Status == CommitStatus.Committed)
                {
                    await releaser.ReleaseAsync(outcome.ReleasedBlobs, cancellationToken);
                    aborted++;
                }
            }
        }
    }
}
