using Coffer.Engine.Encryption;

namespace Coffer.Engine.Tests.Encryption;

public class SegmentSealerTests
{
    public static TheoryData<int, int> SizesAndChunkings()
    {
        var data = new TheoryData<int, int>();
        foreach (var size in (int[])[0, 1, Sealing.Segment - 1, Sealing.Segment, Sealing.Segment + 1, (5 * 1024 * 1024) + 4321])
        {
            foreach (var seed in (int[])[1, 2, 3])
            {
                data.Add(size, seed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SizesAndChunkings))]
    public async Task SealThenRead_RandomChunkings_GivesThePlaintextBack(int size, int chunkingSeed)
    {
        var plaintext = Sealing.Plaintext(size, seed: size);

        var sealedBytes = await Sealing.SealAsync(plaintext, new Random(chunkingSeed));

        Assert.Equal(SealedFormat.SealedLength(size, SealedFormat.SingleLayer), sealedBytes.Length);
        using var reader = Sealing.Open(sealedBytes, size);
        Assert.Equal(size, reader.Length);
        Assert.Equal(plaintext, await Sealing.ReadAllAsync(reader, bufferSize: 1 << 20));
        await reader.VerifyAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(Sealing.Segment)]
    [InlineData((3 * Sealing.Segment) + 17)]
    public async Task WriteAsync_AnyChunking_GivesTheSameSealedBytes(int size)
    {
        // Large writes are sealed straight from the caller's bytes, small ones through the buffer: both must agree.
        var plaintext = Sealing.Plaintext(size);

        var whole = await Sealing.SealAsync(plaintext);

        for (var seed = 1; seed <= 5; seed++)
        {
            Assert.Equal(whole, await Sealing.SealAsync(plaintext, new Random(seed)));
        }
    }

    [Fact]
    public async Task WriteAsync_LargeWrites_SinkGetsOneSegmentAndTagAtATime()
    {
        var plaintext = Sealing.Plaintext((4 * Sealing.Segment) + 100);
        var emitted = new List<int>();
        using var sealer = new SegmentSealer(Sealing.DataKey, 1, Sealing.Context, (bytes, _) =>
        {
            emitted.Add(bytes.Length);
            return ValueTask.CompletedTask;
        });

        await sealer.WriteAsync(plaintext.AsMemory(0, 3 * Sealing.Segment), CancellationToken.None);
        await sealer.WriteAsync(plaintext.AsMemory(3 * Sealing.Segment), CancellationToken.None);

        // The third full segment is held back until more plaintext shows it is not the last.
        Assert.Equal([Sealing.SealedSegment, Sealing.SealedSegment, Sealing.SealedSegment, Sealing.SealedSegment], emitted);
        await sealer.FinishAsync(CancellationToken.None);
        Assert.Equal([Sealing.SealedSegment, Sealing.SealedSegment, Sealing.SealedSegment, Sealing.SealedSegment, 116], emitted);
        Assert.Equal(SealedFormat.SealedLength(plaintext.Length, SealedFormat.SingleLayer), sealer.SealedLength);
    }

    [Fact]
    public async Task FinishAsync_NothingWritten_EmitsOneEmptySealedSegment()
    {
        var sealedBytes = await Sealing.SealAsync([]);

        Assert.Equal(SealedFormat.TagSize, sealedBytes.Length);
        using var reader = Sealing.Open(sealedBytes, 0);
        await reader.VerifyAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Seal_SamePlaintextUnderAnotherOrdinal_GivesOtherBytes()
    {
        var plaintext = new byte[2 * Sealing.Segment]; // zeros: the ciphertext must not show it

        var first = await Sealing.SealAsync(plaintext, ordinal: 1);
        var second = await Sealing.SealAsync(plaintext, ordinal: 2);

        Assert.NotEqual(first, second);
        Assert.True(first.Count(b => b == 0) < first.Length / 100);
    }

    [Fact]
    public async Task WriteAsyncOrFinishAsync_AfterFinish_Throw()
    {
        using var sealer = new SegmentSealer(Sealing.DataKey, 1, Sealing.Context, (_, _) => ValueTask.CompletedTask);
        await sealer.WriteAsync(new byte[10], CancellationToken.None);
        await sealer.FinishAsync(CancellationToken.None);

        Assert.True(sealer.IsFinished);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sealer.WriteAsync(new byte[1], CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => sealer.FinishAsync(CancellationToken.None).AsTask());
    }
}
