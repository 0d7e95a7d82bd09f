using Coffer.Engine.Ports;

namespace Coffer.Engine.Maintenance;

/// <summary>
/// Frees the space of blobs nothing references: queued deletions (from overwrites and deletes)
/// and orphans (a crash between writing a blob and committing its metadata, or a failed commit).
/// </summary>
public sealed class BlobCollector(IMetadataStore metadata, IBlobStore blobs, BlobReleaser releaser)
{
    public sealed record Result(int QueuedDeleted, int OrphansDeleted);

    /// <summary>
    /// One sweep. Only blobs written before <paramref name="writtenBefore"/> are candidates as
    /// orphans: a younger blob may belong to a PUT that has written its blob and is about to
    /// commit. At start-up, before any request is served, the start time is a safe cut-off.
    /// </summary>
    public async Task<Result> CollectAsync(DateTimeOffset writtenBefore, TimeSpan abandonedTempAfter, CancellationToken cancellationToken)
    {
        var queued = 0;
        while (true)
        {
            var pending = await metadata.PendingBlobDeletionsAsync(1000, cancellationToken);
            if (pending.Count == 0)
            {
                break;
            }

            await releaser.DeleteQueuedAsync(pending, cancellationToken);
            queued += pending.Count;
        }

        var orphans = 0;
        await foreach (var blob in blobs.EnumerateAsync(abandonedTempAfter, cancellationToken))
        {
            if (blob.WrittenAt >= writtenBefore)
            {
                continue;
            }

            if (!await metadata.IsBlobKnownAsync(blob.Id, cancellationToken))
            {
                await blobs.DeleteAsync(blob.Id, cancellationToken);
                orphans++;
            }
        }

        return new Result(queued, orphans);
    }
}
