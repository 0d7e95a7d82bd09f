using Coffer.Engine.Buckets;
using Coffer.Engine.FileSystem;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.Engine.Sqlite;
using Coffer.TestKit;
using Coffer.TestKit.Faults;

namespace Coffer.Engine.Tests.Faults;

/// <summary>
/// The engine over the real adapters (files in a temporary directory, a real SQLite database), each wrapped in a
/// fault-injecting decorator that one <see cref="FaultPlan"/> drives. The engine and the sweep see only the
/// decorators; the checks below look at the real stores beneath them.
/// </summary>
internal sealed class FaultyStores : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private FaultyStores(TempDirectory directory, SqliteMetadataStore database)
    {
        _directory = directory;
        Database = database;
        Files = new FileSystemBlobStore(BlobRoot);
        Blobs = new FaultyBlobStore(Files, Plan);
        Metadata = new FaultyMetadataStore(Database, Plan);
        var releaser = new BlobReleaser(Metadata, Blobs);
        Objects = new ObjectEngine(Metadata, Blobs, releaser, TimeProvider.System);
        Multipart = new MultipartEngine(Metadata, Blobs, releaser, Objects, TimeProvider.System);
        Collector = new BlobCollector(Metadata, Blobs, releaser);
    }

    public static BucketName Bucket => EngineUnderTest.Bucket;

    public FaultPlan Plan { get; } = new();

    public SqliteMetadataStore Database { get; }

    public FileSystemBlobStore Files { get; }

    public FaultyBlobStore Blobs { get; }

    public FaultyMetadataStore Metadata { get; }

    public ObjectEngine Objects { get; }

    public MultipartEngine Multipart { get; }

    public BlobCollector Collector { get; }

    public string BlobRoot => Path.Combine(_directory.Path, "blobs");

    public static async Task<FaultyStores> CreateAsync()
    {
        var directory = new TempDirectory("coffer-faults-");
        var database = await SqliteMetadataStore.OpenAsync(Path.Combine(directory.Path, "metadata.db"), CancellationToken.None);
        var stores = new FaultyStores(directory, database);
        await new BucketEngine(stores.Metadata, TimeProvider.System).CreateAsync(Bucket, "us-east-1", "root", CancellationToken.None);
        return stores;
    }

    /// <summary>A PUT whose length is declared: at most 64 KiB is kept inline in the database, more goes to a blob.</summary>
    public Task<ObjectInfo> PutAsync(string key, byte[] content) =>
        Objects.PutAsync(
            new PutObjectRequest { Bucket = Bucket, Key = EngineUnderTest.Key(key), DeclaredLength = content.Length },
            new MemoryStream(content),
            CancellationToken.None);

    /// <summary>A PUT of unknown length (a streamed body): a blob however small, written in 256 KiB steps.</summary>
    public Task<ObjectInfo> PutStreamedAsync(string key, byte[] content) =>
        Objects.PutAsync(
            new PutObjectRequest { Bucket = Bucket, Key = EngineUnderTest.Key(key) },
            new MemoryStream(content),
            CancellationToken.None);

    public Task<byte[]> ReadAsync(string key) => Objects.ReadAllAsync(Bucket, key);

    public Task<ObjectInfo?> LatestAsync(string key) => Database.GetLatestAsync(Bucket.Value, key, CancellationToken.None);

    /// <summary>Temporary files the blob store has not cleaned up: a failed write must leave none.</summary>
    public IReadOnlyList<string> TemporaryFiles() => Directory.GetFiles(Path.Combine(BlobRoot, "tmp"));

    /// <summary>
    /// Sweeps with "now" as the cut-off, as a start-up after a crash would, then returns every inconsistency between
    /// the two real stores: a blob file that nothing references, a referenced blob that has no file, and whatever
    /// the database's own integrity check finds. Empty means consistent.
    /// </summary>
    public async Task<IReadOnlyList<string>> SweepAndCheckAsync()
    {
        Plan.Disarm();
        await Collector.CollectAsync(DateTimeOffset.UtcNow.AddSeconds(1), TimeSpan.Zero, CancellationToken.None);

        var problems = new List<string>(await Database.CheckIntegrityAsync(CancellationToken.None));
        await foreach (var blob in Files.EnumerateAsync(TimeSpan.Zero, CancellationToken.None))
        {
            if (!await Database.IsBlobKnownAsync(blob.Id, CancellationToken.None))
            {
                problems.Add($"blob {blob.Id} is referenced by nothing");
            }
        }

        foreach (var referenced in await ReferencedBlobsAsync())
        {
            try
            {
                Files.OpenRead(referenced.Blob).Dispose();
            }
            catch (BlobNotFoundException)
            {
                problems.Add($"blob {referenced.Blob} of {referenced.Owner} is missing");
            }
        }

        problems.AddRange(TemporaryFiles().Select(file => $"temporary file {file} is left"));
        return problems;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>Every blob a stored version or an open upload's part names (inline content has no file).</summary>
    private async Task<List<(BlobId Blob, string Owner)>> ReferencedBlobsAsync()
    {
        var referenced = new List<(BlobId, string)>();
        var listed = await Database.ScanAsync(Bucket.Value, ReadOnlyMemory<byte>.Empty, true, ReadOnlyMemory<byte>.Empty, 1000, CancellationToken.None);
        foreach (var entry in listed)
        {
            // A listing leaves inline content out; the version itself says which segments have no file.
            var version = await Database.GetLatestAsync(Bucket.Value, entry.Key, CancellationToken.None);
            referenced.AddRange(version!.Segments
                .Where(segment => segment.InlineContent is null)
                .Select(segment => (segment.Blob, $"object {version.Key}")));
        }

        var uploads = await Database.ListUploadsAsync(Bucket.Value, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, null, 1000, CancellationToken.None);
        foreach (var upload in uploads)
        {
            var parts = await Database.ListPartsAsync(upload.Bucket, upload.Key, upload.UploadId, 0, 1000, CancellationToken.None);
            referenced.AddRange(parts.Select(part => (part.Blob, $"part {part.PartNumber} of upload {upload.UploadId}")));
        }

        return referenced;
    }
}
