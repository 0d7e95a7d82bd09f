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

    [Fact]
    public async Task FirstDifference_TheSliceAcrossTheBlocksEndInPieces_FindsNone()
    {
        const string key = "load/get/00000005";
        var offset = OffsetJustBeforeTheBlockWraps(key);
        var slice = await SliceAsync(key, offset, 3000);

        Assert.Equal(-1, ObjectBody.FirstDifference(key, offset, slice.AsSpan(0, 1000)));
        Assert.Equal(-1, ObjectBody.FirstDifference(key, offset + 1000, slice.AsSpan(1000)));
    }

    [Fact]
    public async Task FirstDifference_SliceOneByteLater_IsCaughtAtItsStart()
    {
        const string key = "load/get/00000005";
        var offset = OffsetJustBeforeTheBlockWraps(key);
        var shifted = await SliceAsync(key, offset + 1, 3000);

        Assert.Equal(0, ObjectBody.FirstDifference(key, offset, shifted));
    }

    [Fact]
    public async Task FirstDifference_SameSliceOfAnotherKey_IsCaught()
    {
        var other = await SliceAsync("load/get/00000006", 1 << 20, 4096);

        Assert.NotEqual(-1, ObjectBody.FirstDifference("load/get/00000005", 1 << 20, other));
    }

    [Fact]
    public async Task FirstDifference_OneByteFlippedPastTheBlocksEnd_IsFoundWhereItIs()
    {
        const string key = "load/get/00000005";
        var offset = OffsetJustBeforeTheBlockWraps(key);
        var slice = await SliceAsync(key, offset, 3000);
        slice[2500] ^= 0x01;

        Assert.Equal(2500, ObjectBody.FirstDifference(key, offset, slice));
    }

    /// <summary>An offset whose slice starts 100 bytes before the pattern block wraps round, to test the seam.</summary>
    private static long OffsetJustBeforeTheBlockWraps(string key)
    {
        return (((PatternBlock.Length - 100L - PatternBlock.StartOf(key)) % PatternBlock.Length) + PatternBlock.Length) % PatternBlock.Length;
    }

    private static async Task<byte[]> SliceAsync(string key, long offset, long length)
    {
        using var content = ObjectBody.PartContentFor(key, offset, length);
        return await content.ReadAsByteArrayAsync();
    }

    private static ulong HashOf(byte[] bytes)
    {
        var hasher = new ContentHasher();
        hasher.Append(bytes);
        return hasher.Finish();
    }
}
