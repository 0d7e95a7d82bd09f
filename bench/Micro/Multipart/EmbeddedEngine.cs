using System.Security.Cryptography;

using Coffer.Engine.Buckets;
using Coffer.Engine.FileSystem;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.Engine.Sqlite;
using Coffer.Engine.Versions;

namespace Coffer.Bench.Micro.Multipart;

/// <summary>
/// The engine as <c>coffer server</c> wires it (see <c>Server/Hosting/CofferHost.cs</c>): SQLite metadata
/// (WAL, <c>synchronous=FULL</c>) at <c>metadata.db</c> and the filesystem blob store at <c>blobs/</c>, in a
/// fresh data directory under the system temp folder. No fakes: every commit is the real transaction and fsync (the
/// blob store is wrapped only to time its deletions).
/// </summary>
internal sealed class EmbeddedEngine : IAsyncDisposable
{
    /// <summary>S3's ceiling, and the bar: "a 10,000-part upload completes in under a second".</summary>
    public const int PartCount = MultipartLimits.MaxPartNumber;

    /// <summary>The smallest part S3 (and <c>PartSelection</c>) accepts anywhere but last: 10,000 of them are 50 GiB.</summary>
    public const long PartSize = MultipartLimits.MinPartSize;

    /// <summary>
    /// A pause after the last part. Setup creates 10,000 files in a few seconds, where a client takes minutes (they
    /// are 50 GiB), and for some seconds after such a burst ext4 is still committing it to its journal: 10,000 unlinks
    /// issued meanwhile (a completion that replaces an object deletes that many blobs) took seconds here, against
    /// about half a second once it had caught up. Five seconds is ext4's default commit interval.
    /// </summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    /// <summary>Bytes actually written to each part's blob; the rest of its 5 MiB is a hole (see <see cref="UploadPartsAsync"/>).</summary>
    private const int WrittenBytes = 4096;

    /// <summary>Parts in flight during setup, as a client uploads several at once (the aws CLI runs 10).</summary>
    private const int SetupConcurrency = 8;

    private readonly string _directory;
    private readonly string _blobRoot;
    private readonly SqliteMetadataStore _metadata;
    private readonly DeletionTimingBlobStore _blobs;
    private readonly byte[] _written;
    private readonly string _partETag;

    private EmbeddedEngine(string directory, SqliteMetadataStore metadata)
    {
        _directory = directory;
        _blobRoot = Path.Combine(directory, "blobs");
        _metadata = metadata;
        _blobs = new DeletionTimingBlobStore(new FileSystemBlobStore(_blobRoot));
        var releaser = new BlobReleaser(metadata, _blobs);
        Objects = new ObjectEngine(metadata, _blobs, releaser, TimeProvider.System);
        Multipart = new MultipartEngine(metadata, _blobs, releaser, Objects, TimeProvider.System);

        // Every part holds the same bytes (4 KiB of noise, then zeros), so one MD5 is every part's ETag,
        // computed here as UploadPart would compute it over the whole 5 MiB.
        var content = new byte[PartSize];
        new Random(42).NextBytes(content.AsSpan(0, WrittenBytes));
        _written = content[..WrittenBytes];
        _partETag = '"' + Convert.ToHexStringLower(MD5.HashData(content)) + '"';
    }

    public static BucketName Bucket { get; } = BucketName.TryParse("bench", out var name) ? name.Value : throw new InvalidOperationException();

    public ObjectEngine Objects { get; }

    public MultipartEngine Multipart { get; }

    /// <summary>Blob deletions since the last call (the blobs a completion released), and the time they took.</summary>
    public (long Count, TimeSpan Elapsed) TakeDeletions() => _blobs.TakeDeletions();

    /// <summary>A data directory with the stores open and the bucket created.</summary>
    public static async Task<EmbeddedEngine> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "coffer-bench-" + Guid.NewGuid().ToString("N"));
        var metadata = await SqliteMetadataStore.OpenAsync(Path.Combine(directory, "metadata.db"), CancellationToken.None);
        var engine = new EmbeddedEngine(directory, metadata);
        await new BucketEngine(metadata, TimeProvider.System).CreateAsync(Bucket, "us-east-1", "bench", CancellationToken.None);
        return engine;
    }

    public static ObjectKey Key(string key) => ObjectKey.TryParse(key, out var parsed) ? parsed.Value : throw new ArgumentException(key);

    /// <summary>
    /// Creates an upload through <see cref="MultipartEngine.CreateAsync"/>, records <see cref="PartCount"/> parts of
    /// <see cref="PartSize"/> bytes, and returns the request that completes it with all of them, in order, as the
    /// S3 layer would build it from the client's XML.
    /// </summary>
    public async Task<CompleteUploadRequest> UploadPartsAsync(ObjectKey key)
    {
        var upload = await Multipart.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = key }, CancellationToken.None);

        // Each part is what UploadPart leaves behind, minus streaming 5 MiB through MD5: a blob written and
        // committed by the real blob store (temp file, fsync, rename, fsync of the folder), then recorded by the
        // real metadata store in a transaction of its own. 10,000 real 5 MiB parts would fill 50 GiB of disk, so
        // each blob gets 4 KiB of data and is then extended to 5 MiB as a sparse file, and fsynced: its length, its
        // bytes and its MD5 are those of a true 5 MiB part, and a GET reads them, but it costs 4 KiB of disk.
        // CompleteMultipartUpload never opens a part's blob in any case: it reads the part rows, checks them, and
        // hands the blobs to the new version in one transaction.
        await Parallel.ForEachAsync(
            Enumerable.Range(MultipartLimits.MinPartNumber, PartCount),
            new ParallelOptions { MaxDegreeOfParallelism = SetupConcurrency },
            async (partNumber, cancellationToken) =>
            {
                var blob = await WritePartBlobAsync(cancellationToken);
                var part = new PartInfo
                {
                    PartNumber = partNumber,
                    Size = PartSize,
                    ETag = _partETag,
                    LastModified = TimeProvider.System.StoreNow(),
                    Blob = blob,
                };
                var outcome = await _metadata.PutPartAsync(upload.Bucket, upload.Key, upload.UploadId, part, cancellationToken);
                if (outcome.Status != CommitStatus.Committed)
                {
                    throw new InvalidOperationException($"Part {partNumber}: {outcome.Status}");
                }
            });

        // See SettleTime: the parts of a real upload have long been committed when the client completes it.
        await Task.Delay(SettleTime);

        var parts = Enumerable.Range(MultipartLimits.MinPartNumber, PartCount).Select(number => new CompletedPart(number, _partETag)).ToList();
        return new CompleteUploadRequest { Bucket = Bucket, Key = key, UploadId = upload.UploadId, Parts = parts };
    }

    public async ValueTask DisposeAsync()
    {
        await _metadata.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<BlobId> WritePartBlobAsync(CancellationToken cancellationToken)
    {
        BlobId id;
        await using (var writer = _blobs.CreateWriter())
        {
            await writer.WriteAsync(_written, cancellationToken);
            await writer.CommitAsync(cancellationToken);
            id = writer.Id;
        }

        // FileSystemBlobStore keeps blob "abcd…" at blobs/ab/cd/abcd… (BlobLayout, internal to it). If that
        // changes, say so rather than extend some other file.
        var path = Path.Combine(_blobRoot, id.Value[..2], id.Value[2..4], id.Value);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Blob {id} is not at {path}: FileSystemBlobStore's layout changed; update {nameof(EmbeddedEngine)}.");
        }

        // Durable at its full length, as the blob of a real part is before it is recorded.
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
        RandomAccess.SetLength(handle, PartSize);
        RandomAccess.FlushToDisk(handle);
        return id;
    }
}
