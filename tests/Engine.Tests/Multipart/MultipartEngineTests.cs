using System.Security.Cryptography;

using Coffer.Engine.Checksums;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.TestKit;

namespace Coffer.Engine.Tests.Multipart;

public class MultipartEngineTests
{
    private const int MiB = 1024 * 1024;

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly EngineUnderTest _engine = new();

    [Fact]
    public async Task Complete_ThreeParts_ReadsBackAsTheConcatenationWithMultipartETag()
    {
        var parts = new[] { RandomNumberGenerator.GetBytes(5 * MiB), RandomNumberGenerator.GetBytes(5 * MiB), RandomNumberGenerator.GetBytes(MiB) };
        var upload = await CreateAsync("big.bin");
        var uploaded = new List<PartInfo>();
        for (var i = 0; i < parts.Length; i++)
        {
            uploaded.Add(await UploadPartAsync(upload, i + 1, parts[i]));
        }

        var stored = await CompleteAsync(upload, uploaded);

        var md5s = parts.SelectMany(MD5.HashData).ToArray();
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(md5s))}-3\"", stored.ETag);
        Assert.Equal(parts.SelectMany(part => part).ToArray(), await _engine.ReadAsync("big.bin"));
        Assert.Equal(uploaded.Select(part => part.Blob), stored.Segments.Select(segment => segment.Blob));
        Assert.Equal(3, _engine.Blobs.Committed.Count);
    }

    [Fact]
    public async Task Complete_Always_KeepsWhatCreateWasGivenAndDatesTheObjectFromCreate()
    {
        var headers = new ObjectHeaders { ContentType = "video/mp4", UserMetadata = new Dictionary<string, string> { ["camera"] = "a" } };
        var upload = await _engine.Multipart.CreateAsync(
            new CreateUploadRequest { Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key("v.mp4"), Attributes = new ObjectAttributes { Headers = headers, StorageClass = "GLACIER_IR", Owner = "alice", Acl = "acl text" } },
            None);
        _engine.Clock.Advance(TimeSpan.FromHours(2));
        var part = await UploadPartAsync(upload, 1, [1, 2, 3]);

        var stored = await CompleteAsync(upload, [part]);

        Assert.Same(headers, stored.Attributes.Headers);
        Assert.Equal("GLACIER_IR", stored.Attributes.StorageClass);
        Assert.Equal("alice", stored.Attributes.Owner);
        Assert.Equal("acl text", stored.Attributes.Acl);
        Assert.Equal(upload.Initiated, stored.LastModified);
        Assert.Equal(upload.UploadId, stored.UploadId);
    }

    [Fact]
    public async Task UploadPart_SameNumberTwice_ReplacesThePartAndDeletesTheOldBlob()
    {
        var upload = await CreateAsync("k");
        var first = await UploadPartAsync(upload, 1, [1, 1, 1]);

        var second = await UploadPartAsync(upload, 1, [2, 2]);

        Assert.DoesNotContain(first.Blob, _engine.Blobs.Committed.Keys);
        var page = await _engine.Multipart.ListPartsAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), upload.UploadId, 0, 10, null, None);
        Assert.Equal([second], page.Parts);
        Assert.Empty(await _engine.Metadata.PendingBlobDeletionsAsync(10, None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    [InlineData(-1)]
    public async Task UploadPart_PartNumberOutOfRange_IsInvalidArgumentBeforeReadingTheBody(int partNumber)
    {
        var upload = await CreateAsync("k");

        var error = await Assert.ThrowsAsync<EngineException>(() => UploadPartAsync(upload, partNumber, [1]));

        Assert.Equal(EngineError.InvalidArgument, error.Code);
        Assert.Equal(MultipartLimits.PartNumberMessage, error.Message);
        Assert.Equal(0, _engine.Blobs.OpenWriters);
    }

    [Fact]
    public async Task UploadPart_WithoutDigestInAnUploadWithRetention_IsInvalidRequestBeforeReadingTheBody()
    {
        await _engine.LockBucketAsync(defaultRetention: null);
        var upload = await _engine.Multipart.CreateAsync(
            new CreateUploadRequest
            {
                Bucket = EngineUnderTest.Bucket,
                Key = EngineUnderTest.Key("k"),
                Attributes = ObjectAttributes.Default with { Retention = new ObjectRetention(RetentionMode.Governance, _engine.Clock.GetUtcNow().AddDays(1)) },
            },
            None);

        var error = await Assert.ThrowsAsync<EngineException>(() => UploadPartAsync(upload, 1, [1]));

        Assert.Equal(EngineError.InvalidRequest, error.Code);
        Assert.Equal("Content-MD5 OR x-amz-checksum- HTTP header is required for Put Part requests with Object Lock parameters", error.Message);
        Assert.Equal(0, _engine.Blobs.OpenWriters);
        Assert.Empty(await _engine.Metadata.ListPartsAsync("bucket", "k", upload.UploadId, 0, 10, None));
    }

    [Fact]
    public async Task UploadPart_WithoutDigestUnderTheBucketsDefaultRetention_IsInvalidRequest()
    {
        await _engine.LockBucketAsync(DefaultRetention.ForDays(RetentionMode.Governance, 1));
        var upload = await CreateAsync("k");

        var error = await Assert.ThrowsAsync<EngineException>(() => UploadPartAsync(upload, 1, [1]));

        Assert.Equal(EngineError.InvalidRequest, error.Code);
    }

    [Fact]
    public async Task UploadPart_WithContentMd5OrAChecksumUnderObjectLock_IsStored()
    {
        await _engine.LockBucketAsync(DefaultRetention.ForDays(RetentionMode.Governance, 1));
        var upload = await CreateAsync("k");
        byte[] content = [1, 2, 3];

        var withMd5 = await _engine.Multipart.UploadPartAsync(
            new UploadPartRequest { Target = Target(upload, 1), DeclaredLength = content.Length, ContentMd5 = MD5.HashData(content) },
            new MemoryStream(content),
            None);
        var withChecksum = await _engine.Multipart.UploadPartAsync(
            new UploadPartRequest
            {
                Target = Target(upload, 2),
                DeclaredLength = content.Length,
                ChecksumAlgorithm = ChecksumAlgorithm.Crc32,
                ExpectedChecksum = () => Base64Crc32(content),
            },
            new MemoryStream(content),
            None);

        Assert.Equal((1, 2), (withMd5.PartNumber, withChecksum.PartNumber));
    }

    [Fact]
    public async Task UploadPart_WithoutDigestInALockedBucketWithoutDefaultRetention_IsStored()
    {
        await _engine.LockBucketAsync(defaultRetention: null);
        var upload = await CreateAsync("k");

        var part = await UploadPartAsync(upload, 1, [1]);

        Assert.Equal(1, part.Size);
    }

    [Fact]
    public async Task UploadPart_UnknownUpload_IsNoSuchUpload()
    {
        var upload = await CreateAsync("k");

        var error = await Assert.ThrowsAsync<EngineException>(() => UploadPartAsync(upload with { Key = "other" }, 1, [1]));

        Assert.Equal(EngineError.NoSuchUpload, error.Code);
    }

    [Fact]
    public async Task UploadPart_UploadAbortedWhileTheBodyStreams_DeletesThePartBlob()
    {
        var upload = await CreateAsync("k");
        var body = new EndCallbackStream([1, 2, 3], () => _engine.Multipart.AbortAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), upload.UploadId, None));

        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.Multipart.UploadPartAsync(
            new UploadPartRequest { Target = Target(upload, 1), DeclaredLength = 3 }, body, None));

        Assert.Equal(EngineError.NoSuchUpload, error.Code);
        Assert.Empty(_engine.Blobs.Committed);
    }

    [Fact]
    public async Task UploadPart_EmptyBody_StillGetsABlobSoPartsMapToSegments()
    {
        var upload = await CreateAsync("empty");
        var part = await UploadPartAsync(upload, 1, []);

        var stored = await CompleteAsync(upload, [part]);

        Assert.Equal("\"59adb24ef3cdbe0297f05b395827453f-1\"", stored.ETag);
        Assert.Equal(0, stored.Size);
        Assert.Single(stored.Segments);
        Assert.Empty(await _engine.ReadAsync("empty"));
    }

    [Fact]
    public async Task UploadPart_UploadWithChecksumAlgorithm_ChecksumsPartsThatNameNone()
    {
        var upload = await CreateAsync("k", ChecksumAlgorithm.Crc32);

        var part = await UploadPartAsync(upload, 1, [1, 2, 3]);

        Assert.Equal(ChecksumAlgorithm.Crc32, part.Checksum?.Algorithm);
        Assert.Equal(ChecksumType.Composite, upload.ChecksumType);
    }

    [Fact]
    public async Task UploadPart_OtherAlgorithmThanTheUpload_IsInvalidRequest()
    {
        var upload = await CreateAsync("k", ChecksumAlgorithm.Crc32);

        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.Multipart.UploadPartAsync(
            new UploadPartRequest { Target = Target(upload, 1), DeclaredLength = 1, ChecksumAlgorithm = ChecksumAlgorithm.Sha256 },
            new MemoryStream([1]),
            None));

        Assert.Equal(EngineError.InvalidRequest, error.Code);
        Assert.Equal("Checksum Type mismatch occurred, expected checksum Type: crc32, actual checksum Type: sha256", error.Message);
    }

    [Fact]
    public async Task Complete_PartsOutOfOrder_IsInvalidPartOrder()
    {
        var upload = await CreateAsync("k");
        var one = await UploadPartAsync(upload, 1, new byte[5 * MiB]);
        var two = await UploadPartAsync(upload, 2, [1]);

        var reversed = await Assert.ThrowsAsync<EngineException>(() => CompleteAsync(upload, [two, one]));

        Assert.Equal(EngineError.InvalidPartOrder, reversed.Code);
    }

    [Fact]
    public async Task Complete_PartNumberListedTwiceInARow_UsesItsLastEntry()
    {
        // A client that sent part 1 twice at once lists both sends; the one stored last counts.
        var upload = await CreateAsync("k");
        var first = await UploadPartAsync(upload, 1, [1, 1]);
        var second = await UploadPartAsync(upload, 1, [2, 2]);

        var stored = await CompleteAsync(upload, [first, second]);

        Assert.Equal(2, stored.Size);
        Assert.Equal([2, 2], await _engine.ReadAsync("k"));
    }

    [Fact]
    public async Task Complete_UnknownPartOrWrongETag_IsInvalidPartNamingThePart()
    {
        var upload = await CreateAsync("k");
        var one = await UploadPartAsync(upload, 1, [1]);

        var missing = await Assert.ThrowsAsync<EngineException>(() => CompleteAsync(upload, [one with { PartNumber = 2 }]));
        var wrong = await Assert.ThrowsAsync<EngineException>(() => CompleteAsync(upload, [one with { ETag = "\"00000000000000000000000000000000\"" }]));

        Assert.Equal(EngineError.InvalidPart, missing.Code);
        Assert.Contains(new KeyValuePair<string, string>("PartNumber", "2"), missing.Details);
        Assert.Equal(EngineError.InvalidPart, wrong.Code);
    }

    [Fact]
    public async Task Complete_ETagWithoutQuotes_MatchesThePart()
    {
        var upload = await CreateAsync("k");
        var one = await UploadPartAsync(upload, 1, [1]);

        var stored = await CompleteAsync(upload, [one with { ETag = one.ETag.Trim('"') }]);

        Assert.Equal(1, stored.Size);
    }

    [Fact]
    public async Task Complete_SmallPartBeforeTheLast_IsEntityTooSmall()
    {
        var upload = await CreateAsync("k");
        var small = await UploadPartAsync(upload, 1, new byte[(5 * MiB) - 1]);
        var last = await UploadPartAsync(upload, 2, new byte[5 * MiB]);

        var error = await Assert.ThrowsAsync<EngineException>(() => CompleteAsync(upload, [small, last]));

        Assert.Equal(EngineError.EntityTooSmall, error.Code);
        Assert.Contains(new KeyValuePair<string, string>("MinSizeAllowed", "5242880"), error.Details);
        Assert.NotNull(await _engine.Metadata.GetUploadAsync("bucket", "k", upload.UploadId, None));
    }

    [Fact]
    public async Task Complete_PartsLeftOut_AreDeleted()
    {
        var upload = await CreateAsync("k");
        var one = await UploadPartAsync(upload, 1, new byte[5 * MiB]);
        var two = await UploadPartAsync(upload, 2, [2]);
        var three = await UploadPartAsync(upload, 3, [3]);

        var stored = await CompleteAsync(upload, [one, three]);

        Assert.DoesNotContain(two.Blob, _engine.Blobs.Committed.Keys);
        Assert.Equal([one.Blob, three.Blob], stored.Segments.Select(segment => segment.Blob));
        Assert.Equal(3, (await _engine.ReadAsync("k")).Last());
    }

    [Fact]
    public async Task Complete_OverExistingObject_DeletesItsBlob()
    {
        await _engine.PutAsBlobAsync("k", [9, 9]);
        var old = Assert.Single(_engine.Blobs.Committed).Key;
        var upload = await CreateAsync("k");
        var part = await UploadPartAsync(upload, 1, [1]);

        await CompleteAsync(upload, [part]);

        Assert.DoesNotContain(old, _engine.Blobs.Committed.Keys);
        Assert.Equal([1], await _engine.ReadAsync("k"));
    }

    [Fact]
    public async Task Complete_IfNoneMatchStarOnExistingKey_IsPreconditionFailedAndTheUploadStays()
    {
        await _engine.PutAsync("k", [9]);
        var upload = await CreateAsync("k");
        var part = await UploadPartAsync(upload, 1, [1]);

        var error = await Assert.ThrowsAsync<EngineException>(() => CompleteAsync(upload, [part], new WriteCondition { MustNotExist = true }));

        Assert.Equal(EngineError.PreconditionFailed, error.Code);
        Assert.Equal([9], await _engine.ReadAsync("k"));
        Assert.Equal([1], await ReadPartAsync(part));
    }

    [Fact]
    public async Task Complete_IfMatchOnMissingKey_IsNoSuchKey()
    {
        var upload = await CreateAsync("k");
        var part = await UploadPartAsync(upload, 1, [1]);

        var error = await Assert.ThrowsAsync<EngineException>(() => CompleteAsync(upload, [part], new WriteCondition { ETagMustMatch = "*" }));

        Assert.Equal(EngineError.NoSuchKey, error.Code);
    }

    [Fact]
    public async Task Complete_ExpectedSizeDiffers_IsInvalidRequestAndTheUploadStays()
    {
        var upload = await CreateAsync("k");
        var part = await UploadPartAsync(upload, 1, [1, 2, 3]);
        var request = new CompleteUploadRequest
        {
            Bucket = EngineUnderTest.Bucket,
            Key = EngineUnderTest.Key("k"),
            UploadId = upload.UploadId,
            Parts = [new CompletedPart(1, part.ETag)],
            ExpectedSize = 4,
        };

        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.Multipart.CompleteAsync(request, None));
        var stored = await _engine.Multipart.CompleteAsync(request with { ExpectedSize = 3 }, None);

        Assert.Equal(EngineError.InvalidRequest, error.Code);
        Assert.Equal(3, stored.Size);
    }

    [Fact]
    public async Task Abort_OpenUpload_DeletesItsBlobsAndTheUploadIsGone()
    {
        var upload = await CreateAsync("k");
        var part = await UploadPartAsync(upload, 1, [1, 2]);

        await _engine.Multipart.AbortAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), upload.UploadId, None);

        Assert.Empty(_engine.Blobs.Committed);
        Assert.Equal(EngineError.NoSuchUpload, (await Assert.ThrowsAsync<EngineException>(() => CompleteAsync(upload, [part]))).Code);
        Assert.Equal(EngineError.NoSuchUpload, (await Assert.ThrowsAsync<EngineException>(() => UploadPartAsync(upload, 2, [1]))).Code);
        Assert.Equal(
            EngineError.NoSuchUpload,
            (await Assert.ThrowsAsync<EngineException>(() => _engine.Multipart.AbortAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), upload.UploadId, None))).Code);
    }

    [Fact]
    public async Task Abort_MissingBucket_IsNoSuchBucket()
    {
        var bucket = BucketName.TryParse("nope", out var name) ? name.Value : throw new InvalidOperationException();

        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.Multipart.AbortAsync(bucket, EngineUnderTest.Key("k"), "id", None));

        Assert.Equal(EngineError.NoSuchBucket, error.Code);
    }

    [Fact]
    public async Task ListParts_MaxPartsOne_PagesWithNextMarker()
    {
        var upload = await CreateAsync("k");
        await UploadPartAsync(upload, 2, [2]);
        await UploadPartAsync(upload, 5, [5]);
        var key = EngineUnderTest.Key("k");

        var first = await _engine.Multipart.ListPartsAsync(EngineUnderTest.Bucket, key, upload.UploadId, 0, 1, null, None);
        var second = await _engine.Multipart.ListPartsAsync(EngineUnderTest.Bucket, key, upload.UploadId, first.NextPartNumberMarker!.Value, 1, null, None);

        Assert.True(first.IsTruncated);
        Assert.Equal(2, first.NextPartNumberMarker);
        Assert.False(second.IsTruncated);
        Assert.Equal(5, Assert.Single(second.Parts).PartNumber);
    }

    [Fact]
    public async Task UploadPartCopy_RangeAcrossSourceParts_CopiesExactlyThoseBytesIntoANewBlob()
    {
        var content = RandomNumberGenerator.GetBytes((5 * MiB) + 1000);
        var source = await CreateAsync("source");
        var sourceParts = new[]
        {
            await UploadPartAsync(source, 1, content[..(5 * MiB)]),
            await UploadPartAsync(source, 2, content[(5 * MiB)..]),
        };
        await CompleteAsync(source, sourceParts);
        var upload = await CreateAsync("copy");

        var (part, _) = await _engine.Multipart.UploadPartCopyAsync(
            new UploadPartCopyRequest
            {
                Target = Target(upload, 1),
                SourceBucket = EngineUnderTest.Bucket,
                SourceKey = EngineUnderTest.Key("source"),
                SourceRange = new CopySourceRange((5 * MiB) - 10, (5 * MiB) + 9),
            },
            None);

        var expected = content[((5 * MiB) - 10)..((5 * MiB) + 10)];
        Assert.Equal(20, part.Size);
        Assert.Equal('"' + Convert.ToHexStringLower(MD5.HashData(expected)) + '"', part.ETag);
        Assert.DoesNotContain(part.Blob, sourceParts.Select(p => p.Blob));
        Assert.Equal(expected, await ReadPartAsync(part));
    }

    [Fact]
    public async Task UploadPartCopy_RangePastTheEnd_IsInvalidRangeNamingTheSize()
    {
        await _engine.PutAsBlobAsync("source", [1, 2, 3, 4, 5]);
        var upload = await CreateAsync("copy");

        var error = await Assert.ThrowsAsync<EngineException>(() => CopyPartAsync(upload, new CopySourceRange(0, 21)));

        Assert.Equal(EngineError.InvalidRange, error.Code);
        Assert.Equal("Range specified is not valid for source object of size: 5", error.Message);
        Assert.Single(_engine.Blobs.Committed);
    }

    [Fact]
    public async Task UploadPartCopy_SourceIfMatchDiffers_IsPreconditionFailed()
    {
        await _engine.PutAsync("source", [1]);
        var upload = await CreateAsync("copy");

        var error = await Assert.ThrowsAsync<EngineException>(() => CopyPartAsync(
            upload, null, new ReadPreconditions { IfMatch = "\"0000\"" }));

        Assert.Equal(EngineError.PreconditionFailed, error.Code);
    }

    [Fact]
    public async Task UploadPartCopy_WholeSource_CopiesEveryByte()
    {
        await _engine.PutAsync("source", [1, 2, 3]);
        var upload = await CreateAsync("copy");

        var part = await CopyPartAsync(upload, null);

        Assert.Equal([1, 2, 3], await ReadPartAsync(part));
    }

    private static string Base64Crc32(byte[] content)
    {
        using var hasher = ChecksumHasher.Create(ChecksumAlgorithm.Crc32);
        hasher.Append(content);
        return hasher.GetCurrentHashBase64();
    }

    private static PartTarget Target(UploadInfo upload, int partNumber) =>
        new(EngineUnderTest.Bucket, EngineUnderTest.Key(upload.Key), upload.UploadId, partNumber);

    private Task<UploadInfo> CreateAsync(string key, ChecksumAlgorithm? algorithm = null) =>
        _engine.Multipart.CreateAsync(
            new CreateUploadRequest { Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key(key), ChecksumAlgorithm = algorithm },
            None);

    private Task<PartInfo> UploadPartAsync(UploadInfo upload, int partNumber, byte[] content) =>
        _engine.Multipart.UploadPartAsync(
            new UploadPartRequest { Target = Target(upload, partNumber), DeclaredLength = content.Length },
            new MemoryStream(content),
            None);

    private async Task<PartInfo> CopyPartAsync(UploadInfo upload, CopySourceRange? range, ReadPreconditions? conditions = null) =>
        (await _engine.Multipart.UploadPartCopyAsync(
            new UploadPartCopyRequest
            {
                Target = Target(upload, 1),
                SourceBucket = EngineUnderTest.Bucket,
                SourceKey = EngineUnderTest.Key("source"),
                SourceRange = range,
                SourceConditions = conditions ?? ReadPreconditions.None,
            },
            None)).Part;

    private Task<ObjectInfo> CompleteAsync(UploadInfo upload, IEnumerable<PartInfo> parts, WriteCondition? condition = null) =>
        _engine.Multipart.CompleteAsync(
            new CompleteUploadRequest
            {
                Bucket = EngineUnderTest.Bucket,
                Key = EngineUnderTest.Key(upload.Key),
                UploadId = upload.UploadId,
                Parts = [.. parts.Select(part => new CompletedPart(part.PartNumber, part.ETag))],
                Condition = condition ?? WriteCondition.None,
            },
            None);

    private async Task<byte[]> ReadPartAsync(PartInfo part)
    {
        using var reader = _engine.Blobs.OpenRead(part.Blob);
        var bytes = new byte[reader.Length];
        await reader.ReadAsync(0, bytes, None);
        return bytes;
    }
}
