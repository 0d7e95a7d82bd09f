using Coffer.Engine.Checksums;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;

namespace Coffer.Engine.Tests.Multipart;

/// <summary>
/// The checksum a completed upload gets from its parts' checksums. The expected values are the
/// ones the ceph s3-tests suite checks against AWS for three 5 MiB parts of 'A', 'B' and 'C'.
/// </summary>
public class MultipartChecksumTests
{
    private const int PartSize = 5 * 1024 * 1024;

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly EngineUnderTest _engine = new();

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, ChecksumType.FullObject, "JRTCyQ==", "WgDhBQ==")]
    [InlineData(ChecksumAlgorithm.Crc32C, ChecksumType.FullObject, "MDaLrw==", "xU+Krw==")]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, ChecksumType.FullObject, "L/E4WYn8v98=", "i+6LR0y3eFo=")]
    [InlineData(ChecksumAlgorithm.Sha1, ChecksumType.Composite, "iIaTCGbm+vdVjNqIMF2S0T7ibMk=", "sizjvY4eud3MrcHdZM3cQ/ol39o=-3")]
    [InlineData(ChecksumAlgorithm.Sha256, ChecksumType.Composite, "275VF5loJr1YYawit0XSHREhkFXYkkPKGuoK0x9VKxI=", "uWBwpe1dxI4Vw8Gf0X9ynOdw/SS6VBzfWm9giiv1sf4=-3")]
    public async Task Complete_ThreeLetterParts_HasThePublishedObjectChecksum(
        ChecksumAlgorithm algorithm, ChecksumType type, string firstPartChecksum, string objectChecksum)
    {
        var upload = await CreateAsync(algorithm, type);
        var parts = await UploadLetterPartsAsync(upload);

        var stored = await CompleteAsync(upload, parts);

        Assert.Equal(firstPartChecksum, parts[0].Checksum?.Base64Value);
        Assert.Equal(new ObjectChecksum(algorithm, objectChecksum, type), stored.Checksum);
        Assert.Equal(parts.Select(part => part.Checksum), stored.Segments.Select(segment => segment.Checksum));
    }

    [Fact]
    public async Task Complete_Crc32Composite_IsTheCrcOfThePartCrcsWithPartCount()
    {
        var upload = await CreateAsync(ChecksumAlgorithm.Crc32, ChecksumType.Composite);
        var parts = await UploadLetterPartsAsync(upload);

        var stored = await CompleteAsync(upload, parts);

        var partCrcs = parts.SelectMany(part => Convert.FromBase64String(part.Checksum!.Base64Value)).ToArray();
        using var hasher = ChecksumHasher.Create(ChecksumAlgorithm.Crc32);
        hasher.Append(partCrcs);
        Assert.Equal(hasher.GetCurrentHashBase64() + "-3", stored.Checksum?.Base64Value);
        Assert.Equal(ChecksumType.Composite, stored.Checksum?.Type);
    }

    [Fact]
    public async Task Complete_UploadWithoutAlgorithm_GetsTheFullObjectCrc64NvmeOfTheContent()
    {
        var upload = await CreateAsync(null, null);
        var parts = await UploadLetterPartsAsync(upload);

        var stored = await CompleteAsync(upload, parts);

        var content = await _engine.ReadAsync("k");
        var expected = Convert.ToBase64String(BitConverter.GetBytes(Crc64Nvme.Compute(content)).Reverse().ToArray());
        Assert.Equal(new ObjectChecksum(ChecksumAlgorithm.Crc64Nvme, expected, ChecksumType.FullObject), stored.Checksum);
    }

    [Fact]
    public async Task Complete_UploadWithoutAlgorithmButPartsNamingCrc32_StillGetsTheFullObjectCrc64Nvme()
    {
        // What SDKs do by default: no algorithm at create, a CRC32 with every part.
        var upload = await CreateAsync(null, null);
        var parts = await UploadLetterPartsAsync(upload, ChecksumAlgorithm.Crc32);

        var stored = await CompleteAsync(upload, parts);

        Assert.Equal("JRTCyQ==", parts[0].Checksum?.Base64Value);
        Assert.Equal(new ObjectChecksum(ChecksumAlgorithm.Crc64Nvme, "i+6LR0y3eFo=", ChecksumType.FullObject), stored.Checksum);
    }

    [Theory]
    [InlineData("WgDhBQ==")]
    [InlineData(" WgDhBQ== ")]
    public async Task Complete_ExpectedFullObjectChecksumMatches_Completes(string expected)
    {
        var upload = await CreateAsync(ChecksumAlgorithm.Crc32, ChecksumType.FullObject);
        var parts = await UploadLetterPartsAsync(upload);

        var stored = await CompleteAsync(upload, parts, new ObjectChecksum(ChecksumAlgorithm.Crc32, expected));

        Assert.Equal("WgDhBQ==", stored.Checksum?.Base64Value);
    }

    [Theory]
    [InlineData("uWBwpe1dxI4Vw8Gf0X9ynOdw/SS6VBzfWm9giiv1sf4=-3")]
    [InlineData("uWBwpe1dxI4Vw8Gf0X9ynOdw/SS6VBzfWm9giiv1sf4=")]
    public async Task Complete_ExpectedCompositeWithOrWithoutPartCount_Completes(string expected)
    {
        var upload = await CreateAsync(ChecksumAlgorithm.Sha256, ChecksumType.Composite);
        var parts = await UploadLetterPartsAsync(upload);

        var stored = await CompleteAsync(upload, parts, new ObjectChecksum(ChecksumAlgorithm.Sha256, expected));

        Assert.Equal(ChecksumType.Composite, stored.Checksum?.Type);
    }

    [Fact]
    public async Task Complete_ExpectedChecksumDiffers_IsChecksumMismatchAndTheUploadStays()
    {
        var upload = await CreateAsync(ChecksumAlgorithm.Crc32, ChecksumType.FullObject);
        var parts = await UploadLetterPartsAsync(upload);

        var error = await Assert.ThrowsAsync<EngineException>(
            () => CompleteAsync(upload, parts, new ObjectChecksum(ChecksumAlgorithm.Crc32, "AAAAAA==")));

        Assert.Equal(EngineError.ChecksumMismatch, error.Code);
        Assert.Null(await _engine.Metadata.GetLatestAsync("bucket", "k", None));
        Assert.Equal("WgDhBQ==", (await CompleteAsync(upload, parts)).Checksum?.Base64Value);
    }

    [Fact]
    public async Task Complete_ExpectedChecksumOfAnotherAlgorithm_IsChecksumMismatch()
    {
        var upload = await CreateAsync(ChecksumAlgorithm.Crc32, ChecksumType.FullObject);
        var parts = await UploadLetterPartsAsync(upload);

        var error = await Assert.ThrowsAsync<EngineException>(
            () => CompleteAsync(upload, parts, new ObjectChecksum(ChecksumAlgorithm.Crc32C, "xU+Krw==")));

        Assert.Equal(EngineError.ChecksumMismatch, error.Code);
    }

    [Fact]
    public async Task Complete_ChecksumTypeOtherThanCreated_IsChecksumMismatch()
    {
        var upload = await CreateAsync(ChecksumAlgorithm.Crc32, ChecksumType.FullObject);
        var parts = await UploadLetterPartsAsync(upload);

        var error = await Assert.ThrowsAsync<EngineException>(() => CompleteAsync(upload, parts, expectedType: ChecksumType.Composite));

        Assert.Equal(EngineError.ChecksumMismatch, error.Code);
    }

    [Fact]
    public async Task Complete_AgainAfterItSucceeded_AnswersWithTheSameObject()
    {
        var upload = await CreateAsync(ChecksumAlgorithm.Sha256, ChecksumType.Composite);
        var parts = await UploadLetterPartsAsync(upload);
        var first = await CompleteAsync(upload, parts);

        var again = await CompleteAsync(upload, parts);

        Assert.Equal(first.ETag, again.ETag);
        Assert.Equal(first.Checksum, again.Checksum);
    }

    [Fact]
    public async Task Complete_AgainAfterTheKeyWasOverwritten_IsNoSuchUpload()
    {
        var upload = await CreateAsync(null, null);
        var parts = await UploadLetterPartsAsync(upload);
        await CompleteAsync(upload, parts);
        await _engine.PutAsync("k", [1, 2, 3]);

        var error = await Assert.ThrowsAsync<EngineException>(() => CompleteAsync(upload, parts));

        Assert.Equal(EngineError.NoSuchUpload, error.Code);
    }

    private Task<UploadInfo> CreateAsync(ChecksumAlgorithm? algorithm, ChecksumType? type) =>
        _engine.Multipart.CreateAsync(
            new CreateUploadRequest { Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key("k"), ChecksumAlgorithm = algorithm, ChecksumType = type },
            None);

    private async Task<List<PartInfo>> UploadLetterPartsAsync(UploadInfo upload, ChecksumAlgorithm? partAlgorithm = null)
    {
        var parts = new List<PartInfo>();
        foreach (var letter in "ABC")
        {
            var content = Enumerable.Repeat((byte)letter, PartSize).ToArray();
            parts.Add(await _engine.Multipart.UploadPartAsync(
                new UploadPartRequest
                {
                    Target = new PartTarget(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), upload.UploadId, parts.Count + 1),
                    DeclaredLength = content.Length,
                    ChecksumAlgorithm = partAlgorithm,
                },
                new MemoryStream(content),
                None));
        }

        return parts;
    }

    private Task<ObjectInfo> CompleteAsync(UploadInfo upload, IEnumerable<PartInfo> parts, ObjectChecksum? expected = null, ChecksumType? expectedType = null) =>
        _engine.Multipart.CompleteAsync(
            new CompleteUploadRequest
            {
                Bucket = EngineUnderTest.Bucket,
                Key = EngineUnderTest.Key("k"),
                UploadId = upload.UploadId,
                Parts = [.. parts.Select(part => new CompletedPart(part.PartNumber, part.ETag))],
                ExpectedChecksum = expected,
                ExpectedChecksumType = expectedType,
            },
            None);
}
