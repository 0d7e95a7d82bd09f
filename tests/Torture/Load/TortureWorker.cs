using System.Globalization;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Torture.Model;

namespace Coffer.Torture.Load;

/// <summary>
/// One client of the load: a loop of random writes to its own keys until the kill cuts it off.
/// Before a request is sent, the keys it changes record it as in flight; when its answer arrives
/// they record it as acknowledged. A request the kill cut off stays in flight for the verifier.
/// </summary>
public sealed class TortureWorker(
    int index, IAmazonS3 s3, bool plainUploads, IReadOnlyList<KeyModel> keys, UploadRegistry uploads, Random random)
{
    private const int KiB = 1024;
    private const int MiB = 1024 * KiB;

    /// <summary>S3's minimum size of every part but the last; completing with smaller ones is refused.</summary>
    private const int MinPartSize = 5 * MiB;

    private int _sequence;

    public async Task RunAsync(CycleContext cycle)
    {
        // The first worker opens every cycle with a multipart upload, so that each cycle has one
        // whatever the dice say (they are the costliest operation, so otherwise rare).
        var next = index == 0 ? Operation.CompletedMultipart : Draw();
        while (!cycle.StopRequested)
        {
            try
            {
                await RunAsync(next, cycle);
            }
            catch (Exception) when (cycle.KillSent)
            {
                // Cut off by the kill (or sent after it): whether it landed is for the verifier to see.
                return;
            }
            catch (Exception error)
            {
                cycle.Report.Add(ViolationKind.UnexpectedError, $"worker {index}, {next} with the server alive: {Describe(error)}");
                return;
            }

            next = Draw();
        }
    }

    private enum Operation
    {
        Put,
        Copy,
        Delete,
        MultiDelete,
        CompletedMultipart,
        AbandonedMultipart,
    }

    private Operation Draw() => random.Next(100) switch
    {
        < 68 => Operation.Put,
        < 75 => Operation.Copy,
        < 85 => Operation.Delete,
        < 92 => Operation.MultiDelete,
        < 95 => Operation.CompletedMultipart,
        _ => Operation.AbandonedMultipart,
    };

    private Task RunAsync(Operation operation, CycleContext cycle) => operation switch
    {
        Operation.Put => PutAsync(cycle),
        Operation.Copy => CopyAsync(cycle),
        Operation.Delete => DeleteAsync(cycle),
        Operation.MultiDelete => DeleteManyAsync(cycle),
        Operation.CompletedMultipart => MultipartAsync(cycle, complete: true),
        _ => MultipartAsync(cycle, complete: false),
    };

    private KeyModel PickKey() => keys[random.Next(keys.Count)];

    private string Origin(string operation) => string.Create(CultureInfo.InvariantCulture, $"{operation} #{++_sequence} of worker {index}");

    /// <summary>Empty, inline-sized (up to 64 KiB, and exactly 64 KiB), just over it, medium and large bodies.</summary>
    private int DrawSize() => random.Next(100) switch
    {
        < 5 => 0,
        < 8 => 64 * KiB,
        < 45 => random.Next(1, 64 * KiB),
        < 57 => random.Next(64 * KiB + 1, 80 * KiB),
        < 85 => random.Next(100 * KiB, MiB),
        _ => random.Next(MiB, 4 * MiB),
    };

    private byte[] Bytes(int size)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        return bytes;
    }

    private async Task PutAsync(CycleContext cycle)
    {
        var key = PickKey();
        var body = Bytes(DrawSize());
        key.Begin(new Attempt(ObjectContent.OfPut(body, Origin("PutObject")), "PutObject"));
        cycle.Plan.Sending(OperationKind.PutObject);

        // Not cancellable by the stop signal: the kill, not the harness, must be what ends a request.
        await s3.PutObjectAsync(
            new PutObjectRequest { BucketName = key.Bucket, Key = key.Key, InputStream = new MemoryStream(body), UseChunkEncoding = !plainUploads },
            CancellationToken.None);
        key.Acknowledge();
        cycle.Report.Count(Figure.PutObject);
    }

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

        target.Begin(new Attempt(content with { Origin = $"{Origin("CopyObject")} of {content.Origin}" }, "CopyObject"));
        cycle.Plan.Sending(OperationKind.CopyObject);
        await s3.CopyObjectAsync(
            new CopyObjectRequest { SourceBucket = source.Bucket, SourceKey = source.Key, DestinationBucket = target.Bucket, DestinationKey = target.Key },
            CancellationToken.None);
        target.Acknowledge();
        cycle.Report.Count(Figure.CopyObject);
    }

    private async Task DeleteAsync(CycleContext cycle)
    {
        var key = PickKey();
        key.Begin(new Attempt(null, "DeleteObject"));
        cycle.Plan.Sending(OperationKind.DeleteObject);
        await s3.DeleteObjectAsync(key.Bucket, key.Key, CancellationToken.None);
        key.Acknowledge();
        cycle.Report.Count(Figure.DeleteObject);
    }

    /// <summary>Every key of the batch is in flight until the answer; then each key's own result decides.</summary>
    private async Task DeleteManyAsync(CycleContext cycle)
    {
        var batch = keys.OrderBy(_ => random.Next()).Take(random.Next(2, 5)).ToList();
        foreach (var key in batch)
        {
            key.Begin(new Attempt(null, "DeleteObjects"));
        }

        cycle.Plan.Sending(OperationKind.DeleteObjects);
        DeleteObjectsResponse response;
        try
        {
            response = await s3.DeleteObjectsAsync(
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
        var partCount = random.Next(2, 4);
        var parts = Enumerable.Range(0, partCount)
            .Select(i => Bytes(complete && i < partCount - 1 ? MinPartSize : random.Next(1, complete ? 2 * MiB : 512 * KiB)))
            .ToList();

        uploads.CreateSent(key);
        cycle.Plan.Sending(OperationKind.CreateMultipartUpload);
        var created = await s3.InitiateMultipartUploadAsync(key.Bucket, key.Key, CancellationToken.None);
        var upload = uploads.Created(key, created.UploadId);

        var partETags = await Task.WhenAll(parts.Select((part, i) => UploadPartAsync(cycle, upload, i + 1, part)));
        if (complete)
        {
            var content = ObjectContent.OfParts(parts, Origin("CompleteMultipartUpload"));
            upload.Completes = content;
            upload.Fate = UploadFate.CompleteInFlight;
            key.Begin(new Attempt(content, "CompleteMultipartUpload"));
            cycle.Plan.Sending(OperationKind.CompleteMultipartUpload);
            await s3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = key.Bucket, Key = key.Key, UploadId = upload.UploadId, PartETags = [.. partETags] },
                CancellationToken.None);
            key.Acknowledge();
            upload.Fate = UploadFate.Closed;
            cycle.Report.Count(Figure.CompleteMultipartUpload);
        }
        else if (random.Next(2) == 0)
        {
            upload.Fate = UploadFate.AbortInFlight;
            cycle.Plan.Sending(OperationKind.AbortMultipartUpload);
            await s3.AbortMultipartUploadAsync(key.Bucket, key.Key, upload.UploadId, CancellationToken.None);
            upload.Fate = UploadFate.Closed;
            cycle.Report.Count(Figure.AbortMultipartUpload);
        }
    }

    private async Task<PartETag> UploadPartAsync(CycleContext cycle, UploadModel upload, int number, byte[] body)
    {
        upload.BeginPart(number);
        cycle.Plan.Sending(OperationKind.UploadPart);
        var response = await s3.UploadPartAsync(
            new UploadPartRequest
            {
                BucketName = upload.Key.Bucket,
                Key = upload.Key.Key,
                UploadId = upload.UploadId,
                PartNumber = number,
                InputStream = new MemoryStream(body),
                UseChunkEncoding = !plainUploads,
            },
            CancellationToken.None);
        upload.AcknowledgePart(number, new PartRecord(body.Length, response.ETag.Trim('"')));
        cycle.Report.Count(Figure.UploadPart);
        return new PartETag(response);
    }

    private static string Describe(Exception error) => error is AmazonS3Exception s3
        ? $"{(int)s3.StatusCode} {s3.ErrorCode}: {s3.Message}"
        : $"{error.GetType().Name}: {error.Message}";
}
