using System.Globalization;
using System.Net;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Torture.Model;
using Coffer.Torture.Nodes;

namespace Coffer.Torture.Load;

/// <summary>
/// One client of the load: a loop of random requests to its own keys until the kill cuts it off.
/// Before a request is sent, the keys it changes record it as in flight; when its answer arrives
/// they record it as acknowledged (or refused). A request the kill cut off stays in flight for the
/// verifier. The kinds of worker differ in their keys and requests; the loop, the bodies and the
/// parts of multipart uploads are theirs in common.
/// </summary>
public abstract class LoadWorker<TOperation>(int index, NodeClients nodes, bool plainUploads, Random random)
    where TOperation : struct, Enum
{
    protected const int KiB = 1024;
    protected const int MiB = 1024 * KiB;

    /// <summary>S3's minimum size of every part but the last; completing with smaller ones is refused.</summary>
    protected const int MinPartSize = 5 * MiB;

    private const int NoNode = -1;

    private readonly Random _nodeDraws = new(random.Next());
    private int _sequence;
    private int _nodesTouched;
    private int _nextNode = NoNode;

    protected int Index => index;

    /// <summary>
    /// The client of a node drawn for one request (take it once per request): each request goes to a node of the
    /// worker's choosing, and the operation under way remembers every node it sent to.
    /// </summary>
    protected IAmazonS3 S3
    {
        get
        {
            var node = Interlocked.Exchange(ref _nextNode, NoNode);
            if (node == NoNode)
            {
                node = PickNode();
            }

            Interlocked.Or(ref _nodesTouched, 1 << node);
            return nodes.For(node, plainUploads);
        }
    }

    /// <summary>Bodies go with a Content-Length and no checksum unless one is required, rather than aws-chunked.</summary>
    protected bool PlainUploads => plainUploads;

    protected Random Random => random;

    public async Task RunAsync(CycleContext cycle)
    {
        var next = Draw(first: true);
        while (!cycle.StopRequested)
        {
            Interlocked.Exchange(ref _nodesTouched, 0);
            try
            {
                await RunAsync(next, cycle);
                if (cycle.KillSent)
                {
                    cycle.Report.Count(Figure.CompletedAfterKill);
                }
            }
            catch (Exception) when (CutOffByKill(cycle))
            {
                // Cut off by the kill (or sent to the killed node after it): whether it landed is for the verifier to see.
                cycle.Report.Count(Figure.CutOffByKill);
                return;
            }
            catch (AmazonS3Exception slowDown) when (slowDown.StatusCode == HttpStatusCode.ServiceUnavailable && slowDown.ErrorCode == "SlowDown")
            {
                // S3's answer to a write the metadata database aborted for concurrent writes more times than the server
                // retries (PostgreSQL's serializable transactions): a refusal that clients retry, not an error. This
                // client retries nothing (a kill must not be papered over), so it stops for the cycle and leaves the
                // key in flight, for the verifier to judge either way.
                cycle.Report.Count(Figure.SlowDownAnswered);
                return;
            }
            catch (Exception error)
            {
                cycle.Report.Add(ViolationKind.UnexpectedError, $"{GetType().Name} {index}, {next} with the server alive: {Describe(error)}");
                return;
            }

            next = Draw(first: false);
        }
    }

    /// <summary>
    /// Called just before a request of <paramref name="kind"/> is taken from <see cref="S3"/>: its node is drawn now, so
    /// that a kill planned just after this kind of request is sent lands on the node it went to.
    /// </summary>
    protected void Sending(CycleContext cycle, OperationKind kind)
    {
        var node = PickNode();
        Interlocked.Exchange(ref _nextNode, node);
        cycle.Plan.Sending(kind, node);
    }

    /// <summary>Whether the operation under way sent a request to a node killed since: its failures are then the kill's.</summary>
    protected bool CutOffByKill(CycleContext cycle) => cycle.CutOff(Volatile.Read(ref _nodesTouched));

    /// <summary>The next request to send; <paramref name="first"/> for the first of a cycle.</summary>
    protected abstract TOperation Draw(bool first);

    protected abstract Task RunAsync(TOperation operation, CycleContext cycle);

    private int PickNode()
    {
        lock (_nodeDraws)
        {
            return nodes.Pick(_nodeDraws);
        }
    }

    protected string Origin(string operation) => string.Create(CultureInfo.InvariantCulture, $"{operation} #{++_sequence} of {GetType().Name} {index}");

    /// <summary>Empty, inline-sized (up to 64 KiB, and exactly 64 KiB), just over it, medium and large bodies.</summary>
    protected int DrawSize() => random.Next(100) switch
    {
        < 5 => 0,
        < 8 => 64 * KiB,
        < 45 => random.Next(1, 64 * KiB),
        < 57 => random.Next(64 * KiB + 1, 80 * KiB),
        < 85 => random.Next(100 * KiB, MiB),
        _ => random.Next(MiB, 4 * MiB),
    };

    protected byte[] Bytes(int size)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// The bodies of a multipart upload: parts of 5 MiB but the last when it is to be completed,
    /// small ones when it is not.
    /// </summary>
    protected List<byte[]> DrawParts(bool complete)
    {
        var partCount = random.Next(2, 4);
        return [.. Enumerable.Range(0, partCount)
            .Select(i => Bytes(complete && i < partCount - 1 ? MinPartSize : random.Next(1, complete ? 2 * MiB : 512 * KiB)))];
    }

    /// <summary>Every part at once, as SDKs upload them; <paramref name="withMd5"/> sends each part's Content-MD5.</summary>
    protected Task<PartETag[]> UploadPartsAsync(CycleContext cycle, UploadModel upload, IReadOnlyList<byte[]> parts, bool withMd5 = false) =>
        Task.WhenAll(parts.Select((part, i) => UploadPartAsync(cycle, upload, i + 1, part, withMd5)));

    private async Task<PartETag> UploadPartAsync(CycleContext cycle, UploadModel upload, int number, byte[] body, bool withMd5)
    {
        upload.BeginPart(number);
        var request = new UploadPartRequest
        {
            BucketName = upload.Key.Bucket,
            Key = upload.Key.Key,
            UploadId = upload.UploadId,
            PartNumber = number,
            InputStream = new MemoryStream(body),
            UseChunkEncoding = !plainUploads,
            MD5Digest = withMd5 ? Md5Of(body) : null,
        };
        Seal(request, upload);
        Sending(cycle, OperationKind.UploadPart);
        var response = await S3.UploadPartAsync(request, CancellationToken.None);
        upload.AcknowledgePart(number, new PartRecord(body.Length, response.ETag.Trim('"')));
        cycle.Report.Count(Figure.UploadPart);
        return new PartETag(response);
    }

    /// <summary>A PUT of a fresh body of a drawn size, sealed as asked (and in a storage class, if named): in flight until the answer.</summary>
    protected async Task PutAsync(KeyModel key, Sealing sealing, SealingKeys sealingKeys, CycleContext cycle, S3StorageClass? storageClass = null)
    {
        var body = Bytes(DrawSize());
        var request = new PutObjectRequest
        {
            BucketName = key.Bucket,
            Key = key.Key,
            InputStream = new MemoryStream(body),
            UseChunkEncoding = !plainUploads,
            StorageClass = storageClass,
        };
        sealingKeys.Seal(request, sealing);
        key.Begin(new Attempt(ObjectContent.OfPut(body, Origin("PutObject")) with { Sealing = sealing }, "PutObject"));
        Sending(cycle, OperationKind.PutObject);

        // Not cancellable by the stop signal: the kill, not the harness, must be what ends a request.
        await S3.PutObjectAsync(request, CancellationToken.None);
        key.Acknowledge();
        cycle.Report.Count(Figure.PutObject);
        cycle.Report.CountSealed(sealing);
    }

    /// <summary>DeleteObject of an unversioned key: in flight until the answer, then absent.</summary>
    protected async Task DeleteAsync(KeyModel key, CycleContext cycle)
    {
        key.Begin(new Attempt(null, "DeleteObject"));
        Sending(cycle, OperationKind.DeleteObject);
        await S3.DeleteObjectAsync(key.Bucket, key.Key, CancellationToken.None);
        key.Acknowledge();
        cycle.Report.Count(Figure.DeleteObject);
    }

    /// <summary>What a part of <paramref name="upload"/> must bring besides its bytes (an SSE-C upload's key).</summary>
    protected virtual void Seal(UploadPartRequest request, UploadModel upload)
    {
    }

    protected static string Md5Of(byte[] body) => Convert.ToBase64String(MD5.HashData(body));

    protected static string Describe(Exception error) => error is AmazonS3Exception s3Error
        ? $"{(int)s3Error.StatusCode} {s3Error.ErrorCode}: {s3Error.Message}"
        : $"{error.GetType().Name}: {error.Message}";
}
