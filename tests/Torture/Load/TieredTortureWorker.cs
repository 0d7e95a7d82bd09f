using System.Net;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Torture.Model;
using Coffer.Torture.Nodes;
using Coffer.Torture.Verification;

namespace Coffer.Torture.Load;

/// <summary>
/// A worker on the bucket whose lifecycle rule moves every object to GLACIER a day (a second) after it is written, into a
/// directory tier: PUTs (some straight to GLACIER), deletes, RestoreObject, and GETs that must serve the acknowledged bytes
/// or refuse an archived object. While it runs the server's lifecycle pass transitions the same keys, restores copy them
/// back and expire the copies, so the kill lands in those too.
/// </summary>
public sealed class TieredTortureWorker(int index, NodeClients nodes, bool plainUploads, IReadOnlyList<KeyModel> keys, SealingKeys sealingKeys, Random random)
    : LoadWorker<TieredTortureWorker.Operation>(index, nodes, plainUploads, random)
{
    public enum Operation
    {
        Put,
        Delete,
        Restore,
        Read,
    }

    protected override Operation Draw(bool first) => Random.Next(100) switch
    {
        < 55 => Operation.Put,
        < 65 => Operation.Delete,
        < 82 => Operation.Restore,
        _ => Operation.Read,
    };

    protected override Task RunAsync(Operation operation, CycleContext cycle) => operation switch
    {
        Operation.Put => PutAsync(cycle),
        Operation.Delete => DeleteAsync(PickKey(), cycle),
        Operation.Restore => RestoreAsync(cycle),
        _ => ReadAsync(cycle),
    };

    private KeyModel PickKey() => keys[Random.Next(keys.Count)];

    /// <summary>A third go straight to GLACIER (written into the tier); the rest wait for the rule. Sealed blobs move sealed.</summary>
    private Task PutAsync(CycleContext cycle) => PutAsync(
        PickKey(),
        Random.Next(3) switch { 0 => Sealing.SseS3, 1 => sealingKeys.Kms, _ => Sealing.None },
        sealingKeys,
        cycle,
        Random.Next(3) == 0 ? S3StorageClass.Glacier : null);

    /// <summary>
    /// A restore changes no content, so the model does not change: an object not archived yet is refused
    /// (InvalidObjectState), one being restored answers 409, and an absent one 404; anything else is an error.
    /// </summary>
    private async Task RestoreAsync(CycleContext cycle)
    {
        var key = PickKey();
        Sending(cycle, OperationKind.RestoreObject);
        try
        {
            await S3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = key.Bucket, Key = key.Key, Days = 1 + Random.Next(3) }, CancellationToken.None);
            cycle.Report.Count(Figure.RestoreRequested);
        }
        catch (AmazonS3Exception refused) when (
            (refused.StatusCode, refused.ErrorCode) is (HttpStatusCode.Forbidden, "InvalidObjectState") or (HttpStatusCode.Conflict, "RestoreAlreadyInProgress")
            || (refused.ErrorCode == "NoSuchKey" && key.Acknowledged is null))
        {
        }
    }

    /// <summary>
    /// The key is this worker's alone and nothing is in flight on it, so a GET must serve exactly its acknowledged bytes,
    /// whichever tier they lie in, or refuse them while they are archived and not restored.
    /// </summary>
    private async Task ReadAsync(CycleContext cycle)
    {
        var key = PickKey();
        if (key.InFlight is not null)
        {
            return;
        }

        try
        {
            using var response = await S3.GetObjectAsync(key.Bucket, key.Key, CancellationToken.None);
            var found = await ObjectReader.DigestAsync(response);

            // An answer the kill cut off is not the server's word; any other bytes are.
            if ((key.Acknowledged is not { } content || !content.SameBytes(found.Length, found.Sha256)) && !CutOffByKill(cycle))
            {
                cycle.Report.Add(ViolationKind.Exposed, $"{key}: a GET with the server alive served {found.Length:N0} bytes that are not {key.Acknowledged?.ToString() ?? "absent"}");
            }
            else if (response.StorageClass == S3StorageClass.Glacier)
            {
                cycle.Report.Count(Figure.RestoredReadBack);
            }
        }
        catch (AmazonS3Exception refused) when (
            (refused.StatusCode == HttpStatusCode.Forbidden && refused.ErrorCode == "InvalidObjectState")
            || (refused.ErrorCode == "NoSuchKey" && key.Acknowledged is null))
        {
        }
    }
}
