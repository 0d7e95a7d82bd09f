using Coffer.Engine.Integrity;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Sqlite;

using Coffer.TestKit;

namespace Coffer.Engine.Contract.Tests.Sqlite;

/// <summary>
/// SSE-S3 in the engine, on the real stores: every blob of an encrypted object, inline or in a file, is sealed
/// (docs/encryption-format.md) with a data key of its own, wrapped by the master key; reads open it, a ranged read
/// included; damage is caught and never served; copies share the sealed blob; the scrubber checks it without a key.
/// </summary>
public sealed class SealedObjectTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly EngineOnDisk _disk = new();

    private static BucketName Bucket => EngineOnDisk.Bucket;

    public Task InitializeAsync() => _disk.InitializeAsync();

    public Task DisposeAsync() => _disk.DisposeAsync();

    [Theory]
    [InlineData(100)]
    [InlineData(64 * 1024)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public async Task PutSseS3_OfAnySize_ReadsBackAndLeavesNoPlaintextOnDisk(int size)
    {
        var (content, marker) = MarkedContent.Make(size);

        var stored = await PutSealedAsync("secret", content);

        Assert.Equal(ObjectEncryption.SseS3, stored.Attributes.Encryption);
        Assert.NotNull(Assert.Single(stored.Segments).SealedKey);
        Assert.Equal(content, await ReadAsync("secret", 0, size));
        await _disk.Metadata.DisposeAsync();
        Assert.False(_disk.AnyFileContains(marker));
    }

    [Fact]
    public async Task PutPlaintext_OfMarkedContent_IsFoundOnDisk()
    {
        // The check above can fail: the same scan finds a plaintext object's marker, inline and in a file.
        var (small, smallMarker) = MarkedContent.Make(100);
        var (large, largeMarker) = MarkedContent.Make(100_000);

        await _disk.PutAsync("plain-small", small);
        await _disk.PutAsync("plain-large", large);
        await _disk.Metadata.DisposeAsync();

        Assert.True(_disk.AnyFileContains(smallMarker));
        Assert.True(_disk.AnyFileContains(largeMarker));
    }

    [Fact]
    public async Task RangedRead_OfSealedObject_ReturnsExactlyTheRange()
    {
        var content = EngineOnDisk.Content(3 * 1024 * 1024, seed: 1);
        await PutSealedAsync("big", content);

        var range = await ReadAsync("big", 1_000_003, 1024 * 1024);

        Assert.Equal(content.AsSpan(1_000_003, 1024 * 1024).ToArray(), range);
    }

    [Fact]
    public async Task FlippedByte_InSealedBlob_IsAuthenticationFailureAndNothingOfItsSegmentIsServed()
    {
        var content = EngineOnDisk.Content(300_000, seed: 2);
        var stored = await PutSealedAsync("rotten", content);
        var path = _disk.Blobs.PathOf(stored.Segments[0].Blob);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[200_000] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        using var opened = await _disk.Objects.OpenAsync(Bucket, EngineOnDisk.Key("rotten"), None);
        var served = new MemoryStream();
        var error = await Assert.ThrowsAsync<BlobCorruptException>(() => opened.CopyRangeToAsync(served, 0, content.Length, None));

        Assert.Equal(BlobDamage.AuthenticationFailed, error.Damage);

        // The damaged segment is the fourth (bytes 196,608 to 262,143): at most the three before it went out.
        Assert.True(served.Length <= 3 * 64 * 1024, $"{served.Length} bytes served");
    }

    [Fact]
    public async Task Copy_OfSealedObject_SharesTheSealedBlobAndIsEncryptedToo()
    {
        var content = EngineOnDisk.Content(100_000, seed: 3);
        var source = await PutSealedAsync("source", content);

        var copied = await _disk.Objects.CopyAsync(
            new CopyObjectRequest { SourceBucket = Bucket, SourceKey = EngineOnDisk.Key("source"), Bucket = Bucket, Key = EngineOnDisk.Key("copy") }, None);

        Assert.Equal(ObjectEncryption.SseS3, copied.Copy.Attributes.Encryption);
        Assert.Equal(source.Segments[0].Blob, copied.Copy.Segments[0].Blob);
        Assert.Equal(content, await ReadAsync("copy", 0, content.Length));
    }

    [Fact]
    public async Task UploadPartCopy_FromSealedSource_StoresThePlaintextRangeAsAPart()
    {
        var content = EngineOnDisk.Content(100_000, seed: 4);
        await PutSealedAsync("source", content);
        var upload = await _disk.Multipart.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = EngineOnDisk.Key("assembled") }, None);

        await _disk.Multipart.UploadPartCopyAsync(
            new UploadPartCopyRequest
            {
                Target = new PartTarget(Bucket, EngineOnDisk.Key("assembled"), upload.UploadId, 1),
                SourceBucket = Bucket,
                SourceKey = EngineOnDisk.Key("source"),
                SourceRange = new CopySourceRange(10, 70_009),
            },
            None);
        var part = Assert.Single(await _disk.Metadata.ListPartsAsync("bucket", "assembled", upload.UploadId, 0, 10, None));
        await _disk.Multipart.CompleteAsync(
            new CompleteUploadRequest { Bucket = Bucket, Key = EngineOnDisk.Key("assembled"), UploadId = upload.UploadId, Parts = [new CompletedPart(1, part.ETag)] },
            None);

        Assert.Null(part.SealedKey);
        Assert.Equal(content.AsSpan(10, 70_000).ToArray(), await ReadAsync("assembled", 0, 70_000));
    }

    [Fact]
    public async Task Multipart_SseS3_SealsEveryPartAndTheCompletedObjectReadsBackWithNoPlaintextOnDisk()
    {
        var (first, marker) = MarkedContent.Make(5 * 1024 * 1024);
        var (last, _) = MarkedContent.Make(70_000);
        var source = EngineOnDisk.Content(5 * 1024 * 1024, seed: 7);
        await _disk.PutAsync("plain-source", source);
        var sealedAttributes = new ObjectAttributes { Encryption = ObjectEncryption.SseS3 };
        var upload = await _disk.Multipart.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = EngineOnDisk.Key("assembled"), Attributes = sealedAttributes }, None);

        var one = await _disk.Multipart.UploadPartAsync(
            new UploadPartRequest { Target = new PartTarget(Bucket, EngineOnDisk.Key("assembled"), upload.UploadId, 1), DeclaredLength = first.Length },
            new MemoryStream(first),
            None);
        var (two, _) = await _disk.Multipart.UploadPartCopyAsync(
            new UploadPartCopyRequest
            {
                Target = new PartTarget(Bucket, EngineOnDisk.Key("assembled"), upload.UploadId, 2),
                SourceBucket = Bucket,
                SourceKey = EngineOnDisk.Key("plain-source"),
            },
            None);
        var three = await _disk.Multipart.UploadPartAsync(
            new UploadPartRequest { Target = new PartTarget(Bucket, EngineOnDisk.Key("assembled"), upload.UploadId, 3), DeclaredLength = last.Length },
            new MemoryStream(last),
            None);
        var completed = await _disk.Multipart.CompleteAsync(
            new CompleteUploadRequest
            {
                Bucket = Bucket,
                Key = EngineOnDisk.Key("assembled"),
                UploadId = upload.UploadId,
                Parts = [new CompletedPart(1, one.ETag), new CompletedPart(2, two.ETag), new CompletedPart(3, three.ETag)],
            },
            None);

        Assert.Equal(ObjectEncryption.SseS3, completed.Attributes.Encryption);
        Assert.All(completed.Segments, segment => Assert.NotNull(segment.SealedKey));
        byte[] whole = [.. first, .. source, .. last];
        Assert.Equal(whole, await ReadAsync("assembled", 0, completed.Size));
        Assert.Equal(last.AsSpan(10, 60_000).ToArray(), await ReadAsync("assembled", first.Length + source.Length + 10, 60_000));
        await _disk.Metadata.DisposeAsync();
        Assert.False(_disk.AnyFileContains(marker));
    }

    [Fact]
    public async Task Scrub_OfSealedObjects_ChecksTheirSealedBytesWithoutAKey()
    {
        await PutSealedAsync("small", EngineOnDisk.Content(100, seed: 5));
        var rotten = await PutSealedAsync("large", EngineOnDisk.Content(200_000, seed: 6));

        var clean = await ScrubAsync();
        var path = _disk.Blobs.PathOf(rotten.Segments[0].Blob);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^1] ^= 0x80;
        await File.WriteAllBytesAsync(path, bytes);
        var damaged = await ScrubAsync();

        Assert.Empty(clean.Findings);
        Assert.Equal(100 + 16 + 200_000 + (4 * 16), clean.Report.BytesChecked);
        var finding = Assert.Single(damaged.Findings);
        Assert.Equal(("large", BlobDamage.ChecksumMismatch), (finding.Reference.Key, finding.Damage));
    }

    private Task<ObjectInfo> PutSealedAsync(string key, byte[] content) => _disk.PutSealedAsync(key, content);

    private Task<byte[]> ReadAsync(string key, long offset, long length) => _disk.ReadAsync(key, offset, length);

    private async Task<(ScrubReport Report, List<ScrubFinding> Findings)> ScrubAsync()
    {
        using var inventory = SqliteBlobInventory.Open(_disk.DatabasePath);
        var findings = new List<ScrubFinding>();
        var report = await new Scrubber(inventory, _disk.Blobs).RunAsync(null, findings.Add, None);
        return (report, findings);
    }
}
