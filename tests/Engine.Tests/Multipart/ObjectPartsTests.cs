using Coffer.Engine.Model;
using Coffer.Engine.Multipart;

namespace Coffer.Engine.Tests.Multipart;

public class ObjectPartsTests
{
    [Fact]
    public void Of_TwoParts_IsHexMd5OfTheBinaryMd5sWithPartCount()
    {
        // MD5("a") and MD5("b"), then the MD5 of their 32 bytes.
        var etag = MultipartETag.Of(["\"0cc175b9c0f1b6a831c399e269772661\"", "92eb5ffee6ae2fec3ad71c777531578f"]);

        Assert.Equal("\"96e024ba2074fe77e8e965ba43a704be-2\"", etag);
    }

    [Theory]
    [InlineData("\"96e024ba2074fe77e8e965ba43a704be-2\"", 2)]
    [InlineData("\"96e024ba2074fe77e8e965ba43a704be-10000\"", 10_000)]
    [InlineData("\"0cc175b9c0f1b6a831c399e269772661\"", null)]
    [InlineData("\"abc-0\"", null)]
    [InlineData("\"abc-x\"", null)]
    public void PartCount_ETag_ReadsTheSuffix(string etag, int? expected)
    {
        Assert.Equal(expected, MultipartETag.PartCount(etag));
    }

    [Fact]
    public void Locate_MultipartObject_GivesEachPartsRangeAndTheCount()
    {
        var info = Info("\"x-3\"", 10, 10, 4);

        Assert.Equal(new PartLocation(1, 0, 10, 3, null), ObjectParts.Locate(info, 1));
        Assert.Equal(new PartLocation(3, 20, 4, 3, null), ObjectParts.Locate(info, 3));
        Assert.Null(ObjectParts.Locate(info, 4));
    }

    [Fact]
    public void Locate_SinglePutObject_PartOneIsTheWholeObject()
    {
        var info = Info("\"0cc175b9c0f1b6a831c399e269772661\"", 7);

        Assert.Equal(new PartLocation(1, 0, 7, null, null), ObjectParts.Locate(info, 1));
        Assert.Null(ObjectParts.Locate(info, 2));
    }

    private static ObjectInfo Info(string etag, params long[] segments) => new()
    {
        Bucket = "b",
        Key = "k",
        VersionId = VersionIds.Null,
        Size = segments.Sum(),
        ETag = etag,
        LastModified = DateTimeOffset.UnixEpoch,
        Attributes = ObjectAttributes.Default,
        Segments = [.. segments.Select(length => new BlobSegment(BlobId.New(), length))],
    };
}
