using Coffer.Bench.Load.Bodies;

namespace Coffer.Load.Tests.Bodies;

public class ContentHasherTests
{
    private static readonly byte[] s_bytes = PatternBlock.Bytes[..10_007].ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(4096)]
    public void Finish_SameBytesInPiecesOfAnySize_GivesTheSameHash(int pieceSize)
    {
        var whole = new ContentHasher();
        whole.Append(s_bytes);
        var pieces = new ContentHasher();

        for (var offset = 0; offset < s_bytes.Length; offset += pieceSize)
        {
            pieces.Append(s_bytes.AsSpan(offset, Math.Min(pieceSize, s_bytes.Length - offset)));
        }

        Assert.Equal(whole.Finish(), pieces.Finish());
        Assert.Equal(s_bytes.Length, pieces.TotalBytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5000)]
    [InlineData(10_006)]
    public void Finish_OneByteChanged_GivesAnotherHash(int position)
    {
        var changed = s_bytes.ToArray();
        changed[position] ^= 0x01;

        Assert.NotEqual(HashOf(s_bytes), HashOf(changed));
    }

    [Fact]
    public void Finish_BytesSwappedBetweenLanes_GivesAnotherHash()
    {
        var swapped = s_bytes.ToArray();
        (swapped[0], swapped[8]) = (swapped[8], swapped[0]);
        Assume(swapped[0] != swapped[8]);

        Assert.NotEqual(HashOf(s_bytes), HashOf(swapped));
    }

    [Fact]
    public void Finish_ShorterBody_GivesAnotherHash()
    {
        Assert.NotEqual(HashOf(s_bytes), HashOf(s_bytes.AsSpan(0, s_bytes.Length - 1).ToArray()));
    }

    [Fact]
    public void Reset_AfterUse_StartsAfresh()
    {
        var hasher = new ContentHasher();
        hasher.Append([1, 2, 3]);
        hasher.Reset();
        hasher.Append(s_bytes);

        Assert.Equal(HashOf(s_bytes), hasher.Finish());
    }

    private static void Assume(bool condition)
    {
        Assert.True(condition, "the test's input does not exercise the case");
    }

    private static ulong HashOf(byte[] bytes)
    {
        var hasher = new ContentHasher();
        hasher.Append(bytes);
        return hasher.Finish();
    }
}
