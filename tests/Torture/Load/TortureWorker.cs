using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Torture.Model;
using Coffer.Torture.Nodes;

namespace Coffer.Torture.Load;

/// <summary>
/// A worker on the unversioned bucket: PUTs, copies, deletes, multi-deletes and multipart uploads
/// (completed, aborted, or left open) on its own keys.
/// </summary>
public sealed class TortureWorker(
    int index, NodeClients nodes, bool plainUploads, IReadOnlyList<KeyModel> keys, UploadRegistry uploads, SealingKeys sealingKeys, Random random)
    : LoadWorker<TortureWorker.Operation>(index, nodes, plainUploads, random)
{
    public enum Operation
    {
        Put,
        Copy,
        Delete,
        MultiDelete,
        CompletedMultipart,
        AbandonedMultipart,
    }

    /// <summary>
    /// The first worker opens every cycle with a multipart upload, so that each cycle has one
    /// whatever the dice say (they are the costliest operation, so otherwise rare).
    /// </summary>
    protected override Operation Draw(bool first) => first && Index == 0 ? Operation.CompletedMultipart : Random.Next(100) switch
    {
        < 68 => Operation.Put,
        < 75 => Operation.Copy,
        < 85 => Operation.Delete,
        < 92 => Operation.MultiDelete,
        < 95 => Operation.CompletedMultipart,
        _ => Operation.AbandonedMultipart,
    };

    protected override Task RunAsync(Operation operation, CycleContext cycle) => operation switch
    {
        Operation.Put => PutAsync(cycle),
        Operation.Copy => CopyAsync(cycle),
        Operation.Delete => DeleteAsync(PickKey(), cycle),
        Operation.MultiDelete => DeleteManyAsync(cycle),
        Operation.CompletedMultipart => MultipartAsync(cycle, complete: true),
        _ => MultipartAsync(cycle, complete: false),
    };

    /// <summary>
    /// Three in five objects are stored encrypted, a fifth of them each SSE-S3, SSE-KMS and SSE-C: sealed blobs, inline or
    /// in files, must survive as plain ones do, and stay sealed as the write asked.
    /// </summary>
    private Sealing DrawSealing() => Random.Next(5) switch
    {
        0 => Sealing.SseS3,
        1 => sealingKeys.Kms,
        2 => Sealing.SseC,
        _ => Sealing.None,
    };

    protected override void Seal(UploadPartRequest request, UploadModel upload) => sealingKeys.Seal(request, upload.Sealing);

    private KeyModel PickKey() => keys[Random.Next(keys.Count)];

    private Task PutAsync(CycleContext cycle) => PutAsync(PickKey(), DrawSealing(), sealingKeys, cycle);

    /// <summary>
    /// A copy shares the source's blobs (inline or on disk) instead of copying bytes, so a later
    /// overwrite or delete of either key must free them only when neither references them. The
    /// source is one of this worker's own keys, so what it holds is known; one that holds nothing
    /// is not copied, since that is a 404 rather than a write.
    /// </summary>
    private async Task CopyAsync(CycleContext cycle)
    {
        var source = PickKey();
        var target = PickKey();
        if (source == target || source.Acknowledged is not { } content)
        {
            await PutAsync(cycle);
            return;
        }

        // Half the copies name no encryption and keep the source's; the others draw one, and a copy sealed otherwise
        // than its source is decrypted and sealed again (none drawn still keeps the source's: no header asks for plaintext).
        var drawn = Random.Next(2) == 0 ? Sealing.None : DrawSealing();
        var sealing = drawn.Kind == SealingKind.None ? content.Sealing : drawn;
        var request = new CopyObjectRequest { SourceBucket = source.Bucket, SourceKey = source.Key, DestinationBucket = target.Bucket, DestinationKey = target.Key };
        sealingKeys.Seal(request, content.Sealing, sealing);
        target.Begin(new Attempt(content.CopiedAs(sealing, $"{Origin("CopyObject")} of {content.Origin}"), "CopyObject"));
        Sending(cycle, OperationKind.CopyObject);
        await S3.CopyObjectAsync(request, CancellationToken.None);
        target.Acknowledge();
        cycle.Report.Count(Figure.CopyObject);
        cycle.Report.CountSealed(sealing);
    }

    /// <summary>Every key of the batch is in flight until the answer; then each key's own result decides.</summary>
    private async Task DeleteManyAsync(CycleContext cycle)
    {
        var batch = keys.OrderBy(_ => Random.Next()).Take(Random.Next(2, 5)).ToList();
        foreach (var key in batch)
        {
            key.Begin(new Attempt(null, "DeleteObjects"));
        }

        Sending(cycle, OperationKind.DeleteObjects);
        DeleteObjectsResponse response;
        try
        {
            response = await S3.DeleteObjectsAsync(
                new DeleteObjectsRequest { BucketName = TortureWorld.Bucket, Objects = [.. batch.Select(key => new KeyVersion { Key = key.Key })] },
                CancellationToken.None);
        }
        catch (DeleteObjectsException partial)
        {
            // The SDK throws when any key failed, with the whole answer attached.
            response = partial.Response;
        }

        var deleted = (response.DeletedObjects ?? []).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var failed = (response.DeleteErrors ?? []).ToDictionary(e => e.Key, StringComparer.Ordinal);
        foreach (var key in batch)
        {
            if (deleted.Contains(key.Key))
            {
                key.Acknowledge();
                cycle.Report.Count(Figure.DeleteObjectsKey);
            }
            else if (failed.TryGetValue(key.Key, out var error))
            {
                key.Refuse();
                cycle.Report.Add(ViolationKind.UnexpectedError, $"DeleteObjects refused {key}: {error.Code} {error.Message}");
            }
            else
            {
                // Left in flight: the answer says nothing of it, so the verifier accepts either outcome.
                cycle.Report.Add(ViolationKind.UnexpectedError, $"DeleteObjects answered nothing for {key}");
            }
        }
    }

    /// <summary>
    /// Create, parts in parallel, then complete (parts of 5 MiB but the last) or, for an upload
    /// that is never completed, small parts then an abort half the time, else nothing: an upload
    /// left open, which must outlive the crash with its parts and never show as an object.
    /// </summary>
    private async Task MultipartAsync(CycleContext cycle, bool complete)
    {
        var key = PickKey();
        var parts = DrawParts(complete);
        var sealing = DrawSealing();
        var request = new InitiateMultipartUploadRequest { BucketName = key.Bucket, Key = key.Key };
        sealingKeys.Seal(request, sealing);

        uploads.CreateSent(key);
        Sending(cycle, OperationKind.CreateMultipartUpload);
        var created = await S3.InitiateMultipartUploadAsync(request, CancellationToken.None);
        var upload = uploads.Created(key, created.UploadId, sealing);

        var partETags = await UploadPartsAsync(cycle, upload, parts);
        if (complete)
        {
            var content = ObjectContent.OfParts(parts, Origin("CompleteMultipartUpload")) with { Sealing = sealing };
            upload.Completes = content;
            upload.Fate = UploadFate.CompleteInFlight;
            key.Begin(new Attempt(content, "CompleteMultipartUpload"));
            Sending(cycle, OperationKind.CompleteMultipartUpload);
            await S3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = key.Bucket, Key = key.Key, UploadId = upload.UploadId, PartETags = [.. partETags] },
                CancellationToken.None);
            key.Acknowledge();
            upload.Fate = UploadFate.Closed;
            cycle.Report.Count(Figure.CompleteMultipartUpload);
            cycle.Report.CountSealed(sealing);
        }
        else if (Random.Next(2) == 0)
        {
            upload.Fate = UploadFate.AbortInFlight;
            Sending(cycle, OperationKind.AbortMultipartUpload);
            await S3.AbortMultipartUploadAsync(key.Bucket, key.Key, upload.UploadId, CancellationToken.None);
            upload.Fate = UploadFate.Closed;
            cycle.Report.Count(Figure.AbortMultipartUpload);
        }
    }
}
