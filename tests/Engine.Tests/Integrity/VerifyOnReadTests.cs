using System.Buffers.Binary;
using System.Security.Cryptography;

using Coffer.Engine.Checksums;
using Coffer.Engine.Integrity;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;

namespace Coffer.Engine.Tests.Integrity;

/// <summary>Bitrot: a read that covers a whole segment checks it against the CRC64NVME stored at write time.</summary>
public class VerifyOnReadTests
{
    private const int Chunk = 512 * 1024; // OpenedObject's read size.

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly EngineUnderTest _engine = new();

    [Fact]
    public async Task Put_OfAnyBody_StoresTheCrc64NvmeOfItsWholeContent()
    {
        var content = RandomNumberGenerator.GetBytes(Chunk + 7);

        var plain = await _engine.PutAsBlobAsync("plain", content);
        var sha = await _engine.PutAsync("sha", content, r => r with { DeclaredLength = null, ChecksumAlgorithm = ChecksumAlgorithm.Sha256 });
        var crc = await _engine.PutAsync("crc", content, r => r with { DeclaredLength = null, ChecksumAlgorithm = ChecksumAlgorithm.Crc64Nvme });
        var inline = await _engine.PutAsync("inline", content[..100]);

        var expected = Crc64Nvme.Compute(content);
        Assert.Equal(expected, plain.Segments.Single().ContentCrc64Nvme);
        Assert.Equal(expected, sha.Segments.Single().ContentCrc64Nvme);
        // The client's own CRC64NVME is the same sum over the same bytes: one hasher serves both.
        Assert.Equal(expected, crc.Segments.Single().ContentCrc64Nvme);
        Assert.Equal(expected, BinaryPrimitives.ReadUInt64BigEndian(Convert.FromBase64String(crc.Checksum!.Base64Value)));
        Assert.Equal(Crc64Nvme.Compute(content.AsSpan(0, 100)), inline.Segments.Single().ContentCrc64Nvme);
    }

    [Fact]
    public async Task Get_OfGoodBlob_StreamsItUnchanged()
    {
        var content = RandomNumberGenerator.GetBytes((2 * Chunk) + 1000);
        await _engine.PutAsBlobAsync("good", content);

        Assert.Equal(content, await _engine.ReadAsync("good"));
    }

    [Fact]
    public async Task Get_OfCorruptBlob_ThrowsBeforeItsLastChunkIsHandedOutAndCounts()
    {
        var content = RandomNumberGenerator.GetBytes((2 * Chunk) + 1000);
        var stored = await _engine.PutAsBlobAsync("rotten", content);
        var blob = stored.Segments.Single().Blob;
        _engine.Blobs.Committed[blob][10] ^= 0x01;
        var countBefore = IntegrityCounters.CorruptBlobsDetected;

        using var opened = await _engine.Objects.OpenAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("rotten"), None);
        var sent = new MemoryStream();
        var error = await Assert.ThrowsAsync<BlobCorruptException>(() => opened.CopyRangeToAsync(sent, 0, content.Length, None));

        // The two chunks before the last went out (nobody can know the sum before the end); the last never did.
        Assert.Equal(2 * Chunk, sent.Length);
        Assert.Equal(BlobDamage.ChecksumMismatch, error.Damage);
        Assert.Equal(blob, error.Blob);
        Assert.Equal(("bucket", "rotten", VersionIds.Null), (error.Bucket, error.Key, error.VersionId));
        Assert.Equal(Crc64Nvme.Compute(content), error.ExpectedCrc64Nvme);
        Assert.Equal(Crc64Nvme.Compute(_engine.Blobs.Committed[blob]), error.ActualCrc64Nvme);
        Assert.True(IntegrityCounters.CorruptBlobsDetected > countBefore);
    }

    [Fact]
    public async Task Get_OfRangeWithinCorruptBlob_IsNotVerified()
    {
        var content = RandomNumberGenerator.GetBytes((2 * Chunk) + 1000);
        var stored = await _engine.PutAsBlobAsync("rotten", content);
        _engine.Blobs.Committed[stored.Segments.Single().Blob][10] ^= 0x01;

        // The stored sum is of the whole blob: a range that stops short of either end cannot be checked.
        var fromStart = await _engine.ReadAsync("rotten", 0, content.Length - 1);
        var toEnd = await _engine.ReadAsync("rotten", 1, content.Length - 1);

        Assert.Equal(content.Length - 1, fromStart.Length);
        Assert.Equal(content[11..], toEnd[10..]);
    }

    [Fact]
    public async Task Get_OfMultipartObject_VerifiesEachPartOnItsOwn()
    {
        var first = RandomNumberGenerator.GetBytes((5 * 1024 * 1024) + 3); // S3's smallest part but the last.
        var second = RandomNumberGenerator.GetBytes(Chunk + 5);
        var stored = await UploadAsync("mp", first, second);
        Assert.Equal([Crc64Nvme.Compute(first), Crc64Nvme.Compute(second)], stored.Segments.Select(s => s.ContentCrc64Nvme!.Value));
        _engine.Blobs.Committed[stored.Segments[1].Blob][0] ^= 0x80;

        var whole = await Assert.ThrowsAsync<BlobCorruptException>(() => _engine.ReadAsync("mp"));
        var secondPart = await Assert.ThrowsAsync<BlobCorruptException>(() => _engine.ReadAsync("mp", first.Length, second.Length));
        var firstPart = await _engine.ReadAsync("mp", 0, first.Length);

        Assert.Equal(stored.Segments[1].Blob, whole.Blob);
        Assert.Equal(stored.Segments[1].Blob, secondPart.Blob);
        Assert.Equal(first, firstPart);
    }

    [Fact]
    public async Task Get_OfCorruptInlineObject_Throws()
    {
        var stored = await _engine.PutAsync("small", [1, 2, 3, 4]);
        stored.Segments.Single().InlineContent![3] = 5; // The fake store keeps the very array it was given.

        var error = await Assert.ThrowsAsync<BlobCorruptException>(() => _engine.ReadAsync("small"));

        Assert.Equal(BlobDamage.ChecksumMismatch, error.Damage);
    }

    [Fact]
    public async Task Open_OfBlobShorterThanRecorded_ThrowsTruncatedBeforeAnyByte()
    {
        var content = RandomNumberGenerator.GetBytes(1000);
        var stored = await _engine.PutAsBlobAsync("short", content);
        _engine.Blobs.Committed[stored.Segments.Single().Blob] = content[..999];

        var error = await Assert.ThrowsAsync<BlobCorruptException>(
            () => _engine.Objects.OpenAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("short"), None));

        Assert.Equal(BlobDamage.Truncated, error.Damage);
    }

    [Fact]
    public async Task Open_OfMissingBlob_ThrowsMissing()
    {
        var stored = await _engine.PutAsBlobAsync("gone", RandomNumberGenerator.GetBytes(1000));
        await _engine.Blobs.DeleteAsync(stored.Segments.Single().Blob, None);

        var error = await Assert.ThrowsAsync<BlobCorruptException>(
            () => _engine.Objects.OpenAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("gone"), None));

        Assert.Equal(BlobDamage.Missing, error.Damage);
    }

    [Fact]
    public async Task Copy_SharesTheSourceBlobAndItsChecksum()
    {
        var source = await _engine.PutAsBlobAsync("src", RandomNumberGenerator.GetBytes(1000));

        var copy = await _engine.Objects.CopyAsync(
            new CopyObjectRequest { SourceBucket = EngineUnderTest.Bucket, SourceKey = EngineUnderTest.Key("src"), Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key("dst") },
            None);

        Assert.Equal(source.Segments.Single(), copy.Copy.Segments.Single());
        Assert.NotNull(copy.Copy.Segments.Single().ContentCrc64Nvme);
    }

    [Fact]
    public async Task UploadPartCopy_OfCorruptSource_FailsAndRecordsNoPart()
    {
        var content = RandomNumberGenerator.GetBytes(Chunk + 9);
        var source = await _engine.PutAsBlobAsync("src", content);
        _engine.Blobs.Committed[source.Segments.Single().Blob][^1] ^= 0x01;
        var upload = await _engine.Multipart.CreateAsync(new CreateUploadRequest { Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key("dst") }, None);

        await Assert.ThrowsAsync<BlobCorruptException>(() => _engine.Multipart.UploadPartCopyAsync(
            new UploadPartCopyRequest
            {
                Target = new PartTarget(EngineUnderTest.Bucket, EngineUnderTest.Key("dst"), upload.UploadId, 1),
                SourceBucket = EngineUnderTest.Bucket,
                SourceKey = EngineUnderTest.Key("src"),
            },
            None));

        Assert.Empty(await _engine.Metadata.ListPartsAsync("bucket", "dst", upload.UploadId, 0, 10, None));
        Assert.Single(_engine.Blobs.Committed); // The copy's own blob was discarded with its writer.
    }

    private async Task<ObjectInfo> UploadAsync(string key, params byte[][] parts)
    {
        var upload = await _engine.Multipart.CreateAsync(new CreateUploadRequest { Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key(key) }, None);
        var uploaded = new List<PartInfo>();
        foreach (var part in parts)
        {
            var stored = await _engine.Multipart.UploadPartAsync(
                new UploadPartRequest { Target = new PartTarget(EngineUnderTest.Bucket, EngineUnderTest.Key(key), upload.UploadId, uploaded.Count + 1), DeclaredLength = part.Length },
                new MemoryStream(part),
                None);
            Assert.Equal(Crc64Nvme.Compute(part), stored.ContentCrc64Nvme);
            uploaded.Add(stored);
        }

        return await _engine.Multipart.CompleteAsync(
            new CompleteUploadRequest
            {
                Bucket = EngineUnderTest.Bucket,
                Key = EngineUnderTest.Key(key),
                UploadId = upload.UploadId,
                Parts = [.. uploaded.Select(part => new CompletedPart(part.PartNumber, part.ETag))],
            },
            None);
    }
}
