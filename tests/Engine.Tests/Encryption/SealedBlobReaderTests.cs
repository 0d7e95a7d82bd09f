using Coffer.Engine.Encryption;
using Coffer.Engine.Objects;

namespace Coffer.Engine.Tests.Encryption;

public class SealedBlobReaderTests
{
    // Eight full segments and a short ninth.
    private const int TamperSize = (8 * Sealing.Segment) + 1234;

    private static readonly byte[] TamperPlaintext = Sealing.Plaintext(TamperSize, seed: 11);

    private static readonly Lazy<byte[]> TamperSealed = new(() => Sealing.SealAsync(TamperPlaintext, new Random(5)).GetAwaiter().GetResult());

    /// <summary>Small reads go through the kept segment, 64 KiB ones open into the caller's buffer, 1 MiB ones read several segments at once.</summary>
    public static TheoryData<int> BufferSizes => new() { 1000, Sealing.Segment, 1 << 20 };

    [Fact]
    public async Task ReadAsync_RandomRanges_MatchThePlaintext()
    {
        var size = (3 * 1024 * 1024) + 777;
        var plaintext = Sealing.Plaintext(size, seed: 3);
        using var reader = Sealing.Open(await Sealing.SealAsync(plaintext, new Random(4)), size);
        var random = new Random(12);

        for (var i = 0; i < 400; i++)
        {
            var offset = random.Next(size);
            var length = random.Next(4) switch
            {
                0 => random.Next(1, 100),
                1 => random.Next(1, 3 * Sealing.Segment),
                2 => Sealing.Segment - (offset % Sealing.Segment), // to the end of a segment
                _ => random.Next(1, size - offset + 1),
            };
            length = Math.Min(length, size - offset);
            var bufferSize = random.Next(3) switch
            {
                0 => random.Next(1, 5000),
                1 => Sealing.Segment,
                _ => random.Next(Sealing.Segment, 2 << 20),
            };

            var range = await Sealing.ReadRangeAsync(reader, offset, length, bufferSize);

            Assert.True(plaintext.AsSpan(offset, length).SequenceEqual(range), $"Range {offset}+{length} read {bufferSize} at a time differs.");
        }
    }

    [Fact]
    public async Task ReadAsync_PastTheEndOrEmptyBuffer_ReturnsNothing()
    {
        using var reader = Sealing.Open(TamperSealed.Value, TamperSize);

        Assert.Equal(0, await reader.ReadAsync(TamperSize, new byte[10], CancellationToken.None));
        Assert.Equal(0, await reader.ReadAsync(5, Memory<byte>.Empty, CancellationToken.None));
        Assert.Equal(10, await reader.ReadAsync(TamperSize - 10, new byte[100], CancellationToken.None));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(4096)]
    public async Task ReadAsync_SmallSequentialReads_FetchEachSealedByteOnce(int bufferSize)
    {
        var sealedBytes = TamperSealed.Value;
        var blob = new CountingBlobReader(sealedBytes);
        using var reader = Sealing.Open(blob, TamperSize);

        Assert.Equal(TamperPlaintext, await Sealing.ReadAllAsync(reader, bufferSize));

        Assert.Equal(sealedBytes.Length, blob.BytesRequested);
        Assert.Equal(9, blob.Reads);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(Sealing.Segment)]
    [InlineData(1 << 20)]
    public async Task ReadAsync_OneMiBFromTheMiddle_ReadsOnlyTheCoveringSegments(int bufferSize)
    {
        var size = 10 * 1024 * 1024;
        var plaintext = Sealing.Plaintext(size, seed: 8);
        var blob = new CountingBlobReader(await Sealing.SealAsync(plaintext));
        using var reader = Sealing.Open(blob, size);
        var offset = (4 * 1024 * 1024) + 1000;

        var range = await Sealing.ReadRangeAsync(reader, offset, 1 << 20, bufferSize);

        Assert.True(plaintext.AsSpan(offset, 1 << 20).SequenceEqual(range));

        // Segments 64 to 80 hold bytes 4 MiB + 1000 up to 5 MiB + 1000: 17 of the blob's 160.
        Assert.Equal(17L * Sealing.SealedSegment, blob.BytesRequested);
    }

    [Fact]
    public async Task ReadAsync_LargeAlignedBuffer_ReadsSeveralSegmentsAtOnce()
    {
        var blob = new CountingBlobReader(TamperSealed.Value);
        using var reader = Sealing.Open(blob, TamperSize);

        Assert.Equal(TamperPlaintext, await Sealing.ReadAllAsync(reader, 1 << 20));

        // Every segment, the short last one too, in one read: the sealed bytes land in a scratch buffer and each
        // segment opens straight into the destination, so only the plaintext has to fit there.
        Assert.Equal(1, blob.Reads);
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public async Task ReadAsync_FlippedBitInCiphertext_IsRefused(int bufferSize)
    {
        var altered = (byte[])TamperSealed.Value.Clone();
        altered[(3 * Sealing.SealedSegment) + 12_345] ^= 0x10;

        await AssertRefusedAsync(altered, TamperPlaintext, TamperSize, bufferSize, segment: 3);
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public async Task ReadAsync_FlippedBitInTag_IsRefused(int bufferSize)
    {
        var altered = (byte[])TamperSealed.Value.Clone();
        altered[(4 * Sealing.SealedSegment) - 1] ^= 0x01; // the last byte of segment 3's tag

        await AssertRefusedAsync(altered, TamperPlaintext, TamperSize, bufferSize, segment: 3);
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public async Task ReadAsync_TwoSegmentsSwapped_IsRefused(int bufferSize)
    {
        var altered = WithSegmentFrom(WithSegmentFrom(TamperSealed.Value, TamperSealed.Value, 5, at: 2), TamperSealed.Value, 2, at: 5);

        await AssertRefusedAsync(altered, TamperPlaintext, TamperSize, bufferSize, segment: 2);
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public async Task ReadAsync_SegmentFromAnotherBlobOfTheSameDataKey_IsRefused(int bufferSize)
    {
        // The same plaintext and context as part 2 of the object: only the blob ordinal differs.
        var otherBlob = await Sealing.SealAsync(TamperPlaintext, ordinal: 2);

        await AssertRefusedAsync(WithSegmentFrom(TamperSealed.Value, otherBlob, 4, at: 4), TamperPlaintext, TamperSize, bufferSize, segment: 4);
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public async Task ReadAsync_SegmentFromAnotherObject_IsRefused(int bufferSize)
    {
        // Same data key, ordinal and plaintext: only the blob context (the object) differs.
        var otherObject = await Sealing.SealAsync(TamperPlaintext, context: "bucket-a/photos/dog.jpg#v1/part-1"u8.ToArray());

        await AssertRefusedAsync(WithSegmentFrom(TamperSealed.Value, otherObject, 4, at: 4), TamperPlaintext, TamperSize, bufferSize, segment: 4);
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public async Task ReadAsync_WholeBlobUnderAnotherContext_IsRefused(int bufferSize)
    {
        using var reader = Sealing.Open(TamperSealed.Value, TamperSize, context: "bucket-b/photos/cat.jpg#v1/part-1"u8.ToArray());

        var refused = await Assert.ThrowsAsync<SealedBlobException>(() => Sealing.ReadAllAsync(reader, bufferSize));

        Assert.Equal((SealedDamage.AuthenticationFailed, 0L), (refused.Damage, refused.Segment));
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public async Task ReadAsync_WrongDataKey_IsRefused(int bufferSize)
    {
        using var reader = Sealing.Open(TamperSealed.Value, TamperSize, dataKey: BlobKeys.NewDataKey());

        var refused = await Assert.ThrowsAsync<SealedBlobException>(() => Sealing.ReadAllAsync(reader, bufferSize));

        Assert.Equal((SealedDamage.AuthenticationFailed, 0L), (refused.Damage, refused.Segment));
    }

    [Theory]
    [InlineData(500)] // mid-segment
    [InlineData(1234 + 16)] // exactly at a segment boundary: the short last segment gone
    [InlineData(1234 + 16 + Sealing.SealedSegment)] // and one full segment more
    public void Open_TruncatedBlob_IsRefusedBeforeAnyRead(int cut)
    {
        var blob = new CountingBlobReader(TamperSealed.Value[..^cut]);

        var refused = Assert.Throws<SealedBlobException>(() => Sealing.Open(blob, TamperSize));

        Assert.Equal(SealedDamage.Truncated, refused.Damage);
        Assert.Equal(0, blob.Reads);
        Assert.True(blob.Disposed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(Sealing.SealedSegment)]
    public void Open_ExtendedBlob_IsRefusedBeforeAnyRead(int extra)
    {
        var blob = new CountingBlobReader([.. TamperSealed.Value, .. new byte[extra]]);

        var refused = Assert.Throws<SealedBlobException>(() => Sealing.Open(blob, TamperSize));

        Assert.Equal(SealedDamage.Extended, refused.Damage);
        Assert.True(blob.Disposed);
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public async Task ReadAsync_CutAtASegmentBoundaryWithTheLengthToMatch_IsRefused(int bufferSize)
    {
        // Whoever cut the blob also rewrote the recorded length: the new last segment was not sealed as final.
        var cut = TamperSealed.Value[..(6 * Sealing.SealedSegment)];

        await AssertRefusedAsync(cut, TamperPlaintext, 6 * Sealing.Segment, bufferSize, segment: 5);
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public async Task ReadAsync_CutMidSegmentWithTheLengthToMatch_IsRefused(int bufferSize)
    {
        var cut = TamperSealed.Value[..((6 * Sealing.SealedSegment) + 5000)];

        await AssertRefusedAsync(cut, TamperPlaintext, (6 * Sealing.Segment) + 5000 - SealedFormat.TagSize, bufferSize, segment: 6);
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public async Task ReadAsync_SegmentAppendedWithTheLengthToMatch_IsRefused(int bufferSize)
    {
        // A blob of whole segments, and one of its own segments again at the end: the old final one is now in the middle.
        var plaintext = Sealing.Plaintext(4 * Sealing.Segment, seed: 21);
        var sealedBytes = await Sealing.SealAsync(plaintext);
        var extended = sealedBytes.Concat(SealedSegmentOf(sealedBytes, 1).ToArray()).ToArray();

        await AssertRefusedAsync(extended, plaintext, 5 * Sealing.Segment, bufferSize, segment: 3);
    }

    [Fact]
    public async Task ReadAsync_OneDamagedSegment_LeavesTheOthersReadable()
    {
        var altered = (byte[])TamperSealed.Value.Clone();
        altered[(3 * Sealing.SealedSegment) + 7] ^= 0x80;
        using var reader = Sealing.Open(altered, TamperSize);

        var before = await Sealing.ReadRangeAsync(reader, 0, 3 * Sealing.Segment, 1 << 20);
        var after = await Sealing.ReadRangeAsync(reader, 4 * Sealing.Segment, TamperSize - (4 * Sealing.Segment), 1000);

        Assert.True(TamperPlaintext.AsSpan(0, 3 * Sealing.Segment).SequenceEqual(before));
        Assert.True(TamperPlaintext.AsSpan(4 * Sealing.Segment).SequenceEqual(after));
        await Assert.ThrowsAsync<SealedBlobException>(() => Sealing.ReadRangeAsync(reader, (4 * Sealing.Segment) - 1, 1, 1));
    }

    [Fact]
    public async Task ReadAsync_KeptSegmentAfterOtherReadsOfThatBuffer_IsNotServedStale()
    {
        var altered = (byte[])TamperSealed.Value.Clone();
        altered[(5 * Sealing.SealedSegment) + 9] ^= 2;
        using var reader = Sealing.Open(altered, TamperSize);
        var within2 = (2 * Sealing.Segment) + 100;

        // Segment 2 is kept; a whole 64 KiB read of segment 3, then a failed read of segment 5, pass through the same buffer.
        await ExpectAsync(within2, 10);
        await ExpectAsync(3 * Sealing.Segment, Sealing.Segment);
        await ExpectAsync(within2, 10);
        await Assert.ThrowsAsync<SealedBlobException>(() => Sealing.ReadRangeAsync(reader, (5 * Sealing.Segment) + 1, 10, 10));
        await Assert.ThrowsAsync<SealedBlobException>(() => Sealing.ReadRangeAsync(reader, (5 * Sealing.Segment) + 1, 10, 10));
        await ExpectAsync(within2, 10);

        async Task ExpectAsync(int offset, int length) =>
            Assert.Equal(TamperPlaintext[offset..(offset + length)], await Sealing.ReadRangeAsync(reader, offset, length, length));
    }

    [Fact]
    public async Task ReadAsync_ManyConcurrentReads_AllMatch()
    {
        using var reader = Sealing.Open(new CountingBlobReader(TamperSealed.Value, yielding: true), TamperSize);

        var reads = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var random = new Random(i);
            for (var n = 0; n < 50; n++)
            {
                var offset = random.Next(TamperSize);
                var length = Math.Min(random.Next(1, 2 * Sealing.Segment), TamperSize - offset);
                var range = await Sealing.ReadRangeAsync(reader, offset, length, random.Next(1, 3) == 1 ? 999 : 1 << 20);
                Assert.True(TamperPlaintext.AsSpan(offset, length).SequenceEqual(range));
            }
        }));

        await Task.WhenAll(reads);
    }

    [Fact]
    public async Task ReadAsync_OverInlineSealedBytes_GivesThePlaintext()
    {
        // An inline object: the sealed bytes come with the version from the metadata store.
        var plaintext = Sealing.Plaintext(InlineObjects.MaxBytes, seed: 5);
        var sealedBytes = await Sealing.SealAsync(plaintext, new Random(9));

        using var reader = Sealing.Open(new InlineBlobReader(sealedBytes), plaintext.Length);

        Assert.Equal(plaintext, await Sealing.ReadAllAsync(reader, 700));
    }

    [Fact]
    public async Task VerifyAsync_EmptyBlobWithAlteredTag_IsRefused()
    {
        var sealedBytes = await Sealing.SealAsync([]);
        sealedBytes[0] ^= 1;
        using var reader = Sealing.Open(sealedBytes, 0);

        Assert.Equal(0, await reader.ReadAsync(0, new byte[10], CancellationToken.None));
        var refused = await Assert.ThrowsAsync<SealedBlobException>(() => reader.VerifyAsync(CancellationToken.None));
        Assert.Equal(SealedDamage.AuthenticationFailed, refused.Damage);
    }

    [Fact]
    public async Task VerifyAsync_DamageAnywhere_IsFoundWithItsSegment()
    {
        var altered = (byte[])TamperSealed.Value.Clone();
        altered[^3] ^= 4;
        using var reader = Sealing.Open(altered, TamperSize);

        var refused = await Assert.ThrowsAsync<SealedBlobException>(() => reader.VerifyAsync(CancellationToken.None));

        Assert.Equal(8, refused.Segment);
    }

    [Fact]
    public async Task ReadAsync_BlobShrinksAfterOpening_IsTruncatedNotZeros()
    {
        var blob = new ShrinkingBlobReader(TamperSealed.Value, readableBytes: 3 * Sealing.SealedSegment);
        using var reader = Sealing.Open(blob, TamperSize);

        var refused = await Assert.ThrowsAsync<SealedBlobException>(() => Sealing.ReadAllAsync(reader, 1000));

        Assert.Equal(SealedDamage.Truncated, refused.Damage);
    }

    private static ReadOnlySpan<byte> SealedSegmentOf(byte[] sealedBytes, int segment) =>
        sealedBytes.AsSpan(segment * Sealing.SealedSegment, Math.Min(Sealing.SealedSegment, sealedBytes.Length - (segment * Sealing.SealedSegment)));

    /// <summary>A copy of <paramref name="sealedBytes"/> with segment <paramref name="segment"/> of <paramref name="source"/> in place of segment <paramref name="at"/>.</summary>
    private static byte[] WithSegmentFrom(byte[] sealedBytes, byte[] source, int segment, int at)
    {
        var altered = (byte[])sealedBytes.Clone();
        SealedSegmentOf(source, segment).CopyTo(altered.AsSpan(at * Sealing.SealedSegment));
        return altered;
    }

    /// <summary>
    /// Reading the whole blob fails at <paramref name="segment"/>, and the failing read hands out none of that
    /// segment's plaintext; a read from that segment's start fails the same way.
    /// </summary>
    private static async Task AssertRefusedAsync(byte[] sealedBytes, byte[] plaintext, long plainLength, int bufferSize, long segment)
    {
        using (var reader = Sealing.Open(sealedBytes, plainLength))
        {
            var refused = await Assert.ThrowsAsync<SealedBlobException>(() => Sealing.ReadAllAsync(reader, bufferSize));
            Assert.Equal((SealedDamage.AuthenticationFailed, segment), (refused.Damage, refused.Segment));
        }

        using (var reader = Sealing.Open(sealedBytes, plainLength))
        {
            var buffer = new byte[bufferSize];
            var start = segment * Sealing.Segment;
            await Assert.ThrowsAsync<SealedBlobException>(() => reader.ReadAsync(start, buffer, CancellationToken.None).AsTask());
            var shown = Math.Min(64, plaintext.Length - (int)start);
            if (shown > 0)
            {
                Assert.Equal(-1, buffer.AsSpan().IndexOf(plaintext.AsSpan((int)start, shown)));
            }
        }
    }

    /// <summary>A blob that reports its full length when opened but has lost its end by the time it is read.</summary>
    private sealed class ShrinkingBlobReader(byte[] bytes, int readableBytes) : Coffer.Engine.Ports.IBlobReader
    {
        public long Length => bytes.Length;

        public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var count = (int)Math.Max(0, Math.Min(buffer.Length, readableBytes - offset));
            bytes.AsSpan((int)offset, count).CopyTo(buffer.Span);
            return ValueTask.FromResult(count);
        }

        public void Dispose()
        {
        }
    }
}
