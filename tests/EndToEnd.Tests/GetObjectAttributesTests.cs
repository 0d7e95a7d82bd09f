using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>GetObjectAttributes through the AWS SDK for .NET, for objects made by multipart uploads and by one PUT.</summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class GetObjectAttributesTests(CofferServer server) : IClassFixture<CofferServer>, IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    private static readonly List<ObjectAttributes> AllAttributes =
        [ObjectAttributes.ETag, ObjectAttributes.Checksum, ObjectAttributes.ObjectParts, ObjectAttributes.StorageClass, ObjectAttributes.ObjectSize];

    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly string _bucket = CofferServer.UniqueBucket("attrs");

    public Task InitializeAsync() => _s3.PutBucketAsync(_bucket);

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task GetObjectAttributes_MultipartObject_ReturnsSizeETagStorageClassChecksumAndParts()
    {
        var upload = await OpenUpload.StartAsync(_s3, _bucket, "three.bin", ChecksumAlgorithm.SHA1, ChecksumType.COMPOSITE, 5 * MiB, 5 * MiB, 300);
        var completed = await upload.CompleteAsync(_s3);

        var attributes = await _s3.GetObjectAttributesAsync(new GetObjectAttributesRequest { BucketName = _bucket, Key = "three.bin", ObjectAttributes = AllAttributes });

        Assert.Equal(upload.Content.Length, attributes.ObjectSize);
        Assert.Equal(completed.ETag.Trim('"'), attributes.ETag);
        Assert.Equal(S3StorageClass.Standard, attributes.StorageClass);
        Assert.Equal(completed.ChecksumSHA1, attributes.Checksum.ChecksumSHA1);
        Assert.EndsWith("-3", attributes.Checksum.ChecksumSHA1, StringComparison.Ordinal);
        Assert.Equal(ChecksumType.COMPOSITE, attributes.Checksum.ChecksumType);
        Assert.Equal(3, attributes.ObjectParts.TotalPartsCount);
        Assert.NotEqual(true, attributes.ObjectParts.IsTruncated);
        Assert.Equal(Expected(upload), attributes.ObjectParts.Parts.Select(Seen));
    }

    [Fact]
    public async Task GetObjectAttributes_MaxPartsOne_PagesThroughThePartsByMarker()
    {
        var upload = await OpenUpload.StartAsync(_s3, _bucket, "paged.bin", ChecksumAlgorithm.CRC32, ChecksumType.FULL_OBJECT, 5 * MiB, 5 * MiB, 5 * MiB, 42);
        await upload.CompleteAsync(_s3);

        var seen = new List<(int?, long?, string)>();
        var markers = new List<int?>();
        int? marker = null;
        while (true)
        {
            var page = (await _s3.GetObjectAttributesAsync(new GetObjectAttributesRequest
            {
                BucketName = _bucket,
                Key = "paged.bin",
                ObjectAttributes = [ObjectAttributes.ObjectParts],
                MaxParts = 1,
                PartNumberMarker = marker,
            })).ObjectParts;
            Assert.Equal(4, page.TotalPartsCount);
            Assert.Equal(1, page.MaxParts);
            seen.Add(Seen(Assert.Single(page.Parts)));
            if (page.IsTruncated != true)
            {
                break;
            }

            marker = page.NextPartNumberMarker;
            markers.Add(marker);
        }

        Assert.Equal(Expected(upload), seen);
        Assert.Equal([1, 2, 3], markers);
    }

    [Fact]
    public async Task GetObjectAttributes_SinglePutObject_HasAChecksumAndNoParts()
    {
        var content = "one request"u8.ToArray();
        var put = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = "single.txt",
            InputStream = new MemoryStream(content),
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        });

        var attributes = await _s3.GetObjectAttributesAsync(new GetObjectAttributesRequest { BucketName = _bucket, Key = "single.txt", ObjectAttributes = AllAttributes });

        Assert.Equal(content.Length, attributes.ObjectSize);
        Assert.Equal(put.ETag.Trim('"'), attributes.ETag);
        Assert.Equal(ExpectedChecksums.Crc32(content), attributes.Checksum.ChecksumCRC32);
        Assert.Equal(ChecksumType.FULL_OBJECT, attributes.Checksum.ChecksumType);
        Assert.Null(attributes.ObjectParts);
    }

    private static IEnumerable<(int?, long?, string)> Expected(OpenUpload upload) =>
        upload.Parts.Select((part, i) => ((int?)(i + 1), (long?)part.Length, upload.Uploaded[i].ChecksumCRC32 ?? upload.Uploaded[i].ChecksumSHA1));

    private static (int?, long?, string) Seen(ObjectPart part) => (part.PartNumber, part.Size, part.ChecksumCRC32 ?? part.ChecksumSHA1);
}
