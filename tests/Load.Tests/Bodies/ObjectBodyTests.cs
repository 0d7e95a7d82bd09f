using Coffer.Bench.Load.Bodies;

namespace Coffer.Load.Tests.Bodies;

public class ObjectBodyTests
{
    [Fact]
    public async Task ContentFor_LongerThanTheBlock_WrapsAroundAndMatchesTheExpectedHash()
    {
        var size = PatternBlock.Length + 12_345L;
        using var content = ObjectBody.ContentFor("load/get/00000003", size);

        var bytes = await content.ReadAsByteArrayAsync();

        Assert.Equal(size, content.Headers.ContentLength);
        Assert.Equal(ObjectBody.ExpectedHash("load/get/00000003", size), HashOf(bytes));
    }

    [Fact]
    public async Task PartContentFor_PartsInOrder_ReadBackLikeOnePut()
    {
        const string key = "load/multipart/00000001";
        const long size = (3L << 20) + 5;
        const long partSize = 1L << 20;
        var hasher = new ContentHasher();

        for (long offset = 0; offset < size; offset += partSize)
        {
            using var part = ObjectBody.PartContentFor(key, offset, Math.Min(partSize, size - offset));
            hasher.Append(await part.ReadAsByteArrayAsync());
        }

        Assert.Equal(ObjectBody.ExpectedHash(key, size), hasher.Finish());
    }

    [Fact]
    public void ExpectedHash_OtherKeyOfTheSameSize_Differs()
    {
        Assert.NotEqual(ObjectBody.ExpectedHash("load/get/00000001", 4096), ObjectBody.ExpectedHash("load/get/00000002", 4096));
    }

    private static ulong HashOf(byte[] bytes)
    {
        var hasher = new ContentHasher();
        hasher.Append(bytes);
        return hasher.Finish();
    }
}
