using Coffer.Engine.Checksums;
using Coffer.Engine.FileSystem;
using Coffer.Engine.Integrity;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.Engine.Sqlite;
using Coffer.TestKit;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Contract.Tests.Sqlite;

/// <summary>
/// Bitrot on the real stores: every blob reference keeps its blob's CRC64NVME (schema step 8), and
/// the scrubber, reading the database read-only beside the open store, finds rotten and lost blobs.
/// </summary>
public sealed class ContentChecksumTests : IAsyncLifetime
{
    private const int PartSize = 5 * 1024 * 1024;

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly EngineOnDisk _disk = new();

    private string DatabasePath => _disk.DatabasePath;

    private SqliteMetadataStore Metadata => _disk.Metadata;

    private FileSystemBlobStore Blobs => _disk.Blobs;

    private ObjectEngine Objects => _disk.Objects;

    private MultipartEngine Multipart => _disk.Multipart;

    private static BucketName Bucket => EngineOnDisk.Bucket;

    public Task InitializeAsync() => _disk.InitializeAsync();

    public Task DisposeAsync() => _disk.DisposeAsync();

    [Fact]
    public async Task Put_BlobAndInline_StoreTheirContentCrc()
    {
        var large = Content(100_000, seed: 1);
        var small = Content(100, seed: 2);

        await PutAsync("large", large);
        await PutAsync("small", small);

        Assert.Equal(Crc64Nvme.Compute(large), await StoredCrcAsync("large"));
        Assert.Equal(Crc64Nvme.Compute(small), await StoredCrcAsync("small"));
    }

    [Fact]
    public async Task Multipart_PartsStoreTheirContentCrc_AndCompletionCarriesItToTheSegments()
    {
        byte[][] parts = [Content(PartSize, seed: 3), Content(10, seed: 4)];
        var upload = await Multipart.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = Key("mp") }, None);
        var uploaded = new List<PartInfo>();
        foreach (var part in parts)
        {
            uploaded.Add(await UploadPartAsync(upload, uploaded.Count + 1, part));
        }

        var listed = await Metadata.ListPartsAsync("bucket", "mp", upload.UploadId, 0, 10, None);
        await Multipart.CompleteAsync(
            new CompleteUploadRequest
            {
                Bucket = Bucket,
                Key = Key("mp"),
                UploadId = upload.UploadId,
                Parts = [.. uploaded.Select(part => new CompletedPart(part.PartNumber, part.ETag))],
            },
            None);
        var completed = await Metadata.GetLatestAsync("bucket", "mp", None);

        ulong[] expected = [.. parts.Select(part => Crc64Nvme.Compute(part))];
        Assert.Equal(expected, listed.Select(part => part.ContentCrc64Nvme!.Value));
        Assert.Equal(expected, completed!.Segments.Select(segment => segment.ContentCrc64Nvme!.Value));
    }

    [Fact]
    public async Task Copies_CarryOrComputeTheContentCrc()
    {
        var content = Content(100_000, seed: 5);
        await PutAsync("source", content);
        var upload = await Multipart.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = Key("part-copy") }, None);

        await Objects.CopyAsync(new CopyObjectRequest { SourceBucket = Bucket, SourceKey = Key("source"), Bucket = Bucket, Key = Key("copy") }, None);
        var (partCopy, _) = await Multipart.UploadPartCopyAsync(
            new UploadPartCopyRequest
            {
                Target = new PartTarget(Bucket, Key("part-copy"), upload.UploadId, 1),
                SourceBucket = Bucket,
                SourceKey = Key("source"),
                SourceRange = new CopySourceRange(10, 99),
            },
            None);
        var storedPart = Assert.Single(await Metadata.ListPartsAsync("bucket", "part-copy", upload.UploadId, 0, 10, None));

        // CopyObject shares the blob, so its sum; UploadPartCopy writes a blob of the range, with the range's sum.
        Assert.Equal(Crc64Nvme.Compute(content), await StoredCrcAsync("copy"));
        Assert.Equal(Crc64Nvme.Compute(content.AsSpan(10, 90)), partCopy.ContentCrc64Nvme);
        Assert.Equal(partCopy.ContentCrc64Nvme, storedPart.ContentCrc64Nvme);
    }

    [Fact]
    public async Task Scrub_OfIntactStore_FindsNothing()
    {
        await PutAsync("large", Content(100_000, seed: 6));
        await PutAsync("small", Content(100, seed: 7));
        var upload = await Multipart.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = Key("open") }, None);
        await UploadPartAsync(upload, 1, Content(1000, seed: 8));

        var (report, findings) = await ScrubAsync();

        Assert.Empty(findings);
        Assert.Equal(new ScrubReport(ObjectsChecked: 2, PartsChecked: 1, BlobsChecked: 3, BytesChecked: 101_100, 0, 0, 0), report);
        Assert.True(report.IsClean);
    }

    [Fact]
    public async Task Scrub_OfDamagedStore_ReportsCorruptMissingAndUnverifiableBlobs()
    {
        var rotten = await PutAsync("rotten", Content(100_000, seed: 9));
        var lost = await PutAsync("lost", Content(100_000, seed: 10));
        var old = await PutAsync("old", Content(100_000, seed: 11));
        var upload = await Multipart.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = Key("open") }, None);
        var part = await UploadPartAsync(upload, 1, Content(1000, seed: 12));
        await FlipByteAsync(rotten.Segments[0].Blob, 50_000);
        await FlipByteAsync(part.Blob, 0);
        File.Delete(Blobs.PathOf(lost.Segments[0].Blob));
        using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            // As a blob written before schema step 8 has it.
            connection.Open();
            using var forget = connection.CreateCommand();
            forget.CommandText = "UPDATE version_blobs SET content_crc64nvme = NULL WHERE blob_id = $blob;";
            forget.Parameters.AddWithValue("$blob", old.Segments[0].Blob.Value);
            Assert.Equal(1, forget.ExecuteNonQuery());
        }

        var (report, findings) = await ScrubAsync();

        Assert.False(report.IsClean);
        Assert.Equal((2, 1, 1), (report.Corrupt, report.Missing, report.Unverifiable));
        var corrupt = findings.Single(f => f.Reference.Key == "rotten");
        Assert.Equal((BlobDamage.ChecksumMismatch, "null", rotten.Segments[0].Blob), (corrupt.Damage, corrupt.Reference.VersionId, corrupt.Reference.Segment.Blob));
        Assert.Equal(BlobDamage.Missing, findings.Single(f => f.Reference.Key == "lost").Damage);
        var corruptPart = findings.Single(f => f.Reference.Key == "open");
        Assert.Equal((upload.UploadId, 1), (corruptPart.Reference.UploadId, corruptPart.Reference.PartNumber));
        Assert.DoesNotContain(findings, f => f.Reference.Key == "old");
    }

    [Fact]
    public async Task Scrub_ReferencesAcrossPages_AreEachCheckedOnce()
    {
        // More references than one page of the walk (500), versions and parts, so the walk turns pages in both.
        for (var i = 0; i < 520; i++)
        {
            await PutAsync($"k{i:D4}", [(byte)i]);
        }

        var upload = await Multipart.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = Key("open") }, None);
        await UploadPartAsync(upload, 1, [1]);
        await UploadPartAsync(upload, 2, [2]);

        var (report, findings) = await ScrubAsync();

        Assert.Empty(findings);
        Assert.Equal((520, 2, 522, 522), (report.ObjectsChecked, report.PartsChecked, report.BlobsChecked, report.BytesChecked));
    }

    [Fact]
    public async Task Scrub_BlobReleasedDuringTheWalk_IsNotReportedMissing()
    {
        await PutAsync("overwritten", Content(100_000, seed: 13));
        using var inventory = SqliteBlobInventory.Open(DatabasePath);

        // The page names the blob; then a server's overwrite releases it and deletes its file, before the scrub reads it.
        var racing = new PageThenOverwrite(inventory, () => PutAsync("overwritten", Content(100_000, seed: 14)));
        var findings = new List<ScrubFinding>();
        var report = await new Scrubber(racing, Blobs).RunAsync(null, findings.Add, None);

        Assert.Empty(findings);
        Assert.True(report.IsClean);
    }

    [Fact]
    public void InventoryOpen_OfDatabaseAtAnotherSchema_Refuses()
    {
        using var other = new TempDirectory();
        var path = Path.Combine(other.Path, "metadata.db");
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 3;";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(() => SqliteBlobInventory.Open(path));

        Assert.Contains("schema version 3", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An inventory that runs a write once, right after handing out its first page.</summary>
    private sealed class PageThenOverwrite(IBlobInventory inner, Func<Task> write) : IBlobInventory
    {
        private Func<Task>? _write = write;

        public Task<InventoryTotals> MeasureAsync(CancellationToken cancellationToken) => inner.MeasureAsync(cancellationToken);

        public async Task<IReadOnlyList<BlobReference>> ListAsync(BlobReferencePosition? after, int limit, CancellationToken cancellationToken)
        {
            var page = await inner.ListAsync(after, limit, cancellationToken);
            if (_write is { } pending)
            {
                _write = null;
                await pending();
            }

            return page;
        }

        public Task<bool> IsReferencedAsync(BlobId blob, CancellationToken cancellationToken) => inner.IsReferencedAsync(blob, cancellationToken);
    }

    private async Task<(ScrubReport Report, List<ScrubFinding> Findings)> ScrubAsync()
    {
        // Read-only, beside the store that is still open, as `coffer admin scrub` runs beside a server.
        using var inventory = SqliteBlobInventory.Open(DatabasePath);
        var findings = new List<ScrubFinding>();
        var report = await new Scrubber(inventory, FileSystemBlobStore.OpenForReading(_disk.BlobRoot))
            .RunAsync(null, findings.Add, None);
        return (report, findings);
    }

    private async Task FlipByteAsync(BlobId blob, long offset)
    {
        await using var file = new FileStream(Blobs.PathOf(blob), FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x01));
    }

    private async Task<ulong?> StoredCrcAsync(string key) => (await Metadata.GetLatestAsync("bucket", key, None))!.Segments.Single().ContentCrc64Nvme;

    private Task<ObjectInfo> PutAsync(string key, byte[] content) => _disk.PutAsync(key, content);

    private Task<PartInfo> UploadPartAsync(UploadInfo upload, int number, byte[] content) =>
        Multipart.UploadPartAsync(
            new UploadPartRequest { Target = new PartTarget(Bucket, Key(upload.Key), upload.UploadId, number), DeclaredLength = content.Length },
            new MemoryStream(content),
            None);

    private static ObjectKey Key(string key) => EngineOnDisk.Key(key);

    private static byte[] Content(int length, int seed) => EngineOnDisk.Content(length, seed);
}
