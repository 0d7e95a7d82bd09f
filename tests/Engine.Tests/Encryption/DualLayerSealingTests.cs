using System.Security.Cryptography;

using Coffer.Engine.Encryption;

namespace Coffer.Engine.Tests.Encryption;

/// <summary>
/// DSSE-KMS's two layers (see <see cref="SealedFormat"/>): a 64-byte data key seals each segment under the inner key,
/// then its ciphertext and inner tag under the outer key, so a segment carries two tags, still opens on its own for a
/// ranged read, and a change to either layer, or the layers' keys swapped, is refused.
/// </summary>
public sealed class DualLayerSealingTests
{
    private const int Overhead = 2 * SealedFormat.TagSize;

    private const int SealedSegment = SealedFormat.SegmentSize + Overhead;

    // Six full segments and a short one, so that both the final and the other segments are tampered with.
    private const int Size = (6 * SealedFormat.SegmentSize) + 4321;

    private static readonly byte[] InnerKey = RandomNumberGenerator.GetBytes(BlobKeys.KeySize);

    private static readonly byte[] OuterKey = RandomNumberGenerator.GetBytes(BlobKeys.KeySize);

    private static readonly byte[] DualKey = [.. InnerKey, .. OuterKey];

    private static readonly byte[] Plaintext = Sealing.Plaintext(Size, seed: 7);

    private static readonly Lazy<byte[]> Sealed = new(() => Sealing.SealAsync(Plaintext, new Random(3), DualKey).GetAwaiter().GetResult());

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(SealedFormat.SegmentSize)]
    [InlineData(Size)]
    public async Task Seal_WithTwoLayers_AddsTwoTagsPerSegmentAndReadsBack(int size)
    {
        var plaintext = Sealing.Plaintext(size, seed: size);

        var sealedBytes = await Sealing.SealAsync(plaintext, new Random(size), DualKey);
        using var reader = Sealing.Open(sealedBytes, size, DualKey);

        Assert.Equal(SealedFormat.SealedLength(size, SealedFormat.DualLayer), sealedBytes.Length);
        Assert.Equal(size + (SealedFormat.SegmentCount(size) * Overhead), sealedBytes.Length);
        Assert.Equal(plaintext, await Sealing.ReadAllAsync(reader, 10_000));
    }

    [Fact]
    public async Task Seal_WithTwoLayers_IsWhatTheFormatDocumentSays()
    {
        // docs/encryption-format.md, "Two layers": each segment sealed by the inner blob key, then its ciphertext and
        // tag by the outer, with the same nonce and associated data; each blob key derived from its own data key.
        var plaintext = Sealing.Plaintext((2 * SealedFormat.SegmentSize) + 1000, seed: 11);
        var info = "coffer sealed segments v1 blob key"u8.ToArray().Concat(new byte[] { 0, 0, 0, 0, 0, 0, 0, 1 }).ToArray();
        using var inner = new AesGcm(HKDF.DeriveKey(HashAlgorithmName.SHA256, InnerKey, 32, [], info), 16);
        using var outer = new AesGcm(HKDF.DeriveKey(HashAlgorithmName.SHA256, OuterKey, 32, [], info), 16);

        var expected = new MemoryStream();
        for (var index = 0; index < 3; index++)
        {
            var start = index * SealedFormat.SegmentSize;
            var segment = plaintext.AsSpan(start, Math.Min(SealedFormat.SegmentSize, plaintext.Length - start));
            var nonce = new byte[12];
            nonce[7] = (byte)index;
            nonce[11] = index == 2 ? (byte)1 : (byte)0;
            var innerSealed = new byte[segment.Length + 16];
            inner.Encrypt(nonce, segment, innerSealed.AsSpan(0, segment.Length), innerSealed.AsSpan(segment.Length), Sealing.Context);
            var outerCiphertext = new byte[innerSealed.Length];
            var outerTag = new byte[16];
            outer.Encrypt(nonce, innerSealed, outerCiphertext, outerTag, Sealing.Context);
            expected.Write(outerCiphertext);
            expected.Write(outerTag);
        }

        Assert.Equal(expected.ToArray(), await Sealing.SealAsync(plaintext, new Random(5), DualKey));
    }

    [Fact]
    public async Task RangedRead_WithTwoLayers_ReadsOnlyTheSegmentsItTouches()
    {
        var blob = new CountingBlobReader(Sealed.Value);
        using var reader = Sealing.Open(blob, Size, DualKey);

        var range = await Sealing.ReadRangeAsync(reader, (3 * SealedFormat.SegmentSize) + 100, 5000, 8192);

        Assert.Equal(Plaintext.AsSpan((3 * SealedFormat.SegmentSize) + 100, 5000).ToArray(), range);
        Assert.Equal(SealedSegment, blob.BytesRequested);
    }

    [Fact]
    public async Task Sealed_WithTwoLayers_IsNeitherTheSingleLayerSealingOfEitherKey()
    {
        var underInner = await Sealing.SealAsync(Plaintext, dataKey: InnerKey);
        var underOuter = await Sealing.SealAsync(Plaintext, dataKey: OuterKey);

        Assert.NotEqual(underInner.Length, Sealed.Value.Length);
        Assert.False(Sealed.Value.AsSpan(0, 1000).SequenceEqual(underInner.AsSpan(0, 1000)));
        Assert.False(Sealed.Value.AsSpan(0, 1000).SequenceEqual(underOuter.AsSpan(0, 1000)));
        Assert.Equal(-1, Sealed.Value.AsSpan().IndexOf(Plaintext.AsSpan(SealedFormat.SegmentSize, 64)));
    }

    [Theory]
    [InlineData(2, 12_345)] // the ciphertext, as both layers cover it
    [InlineData(2, SealedFormat.SegmentSize + 3)] // the inner layer's tag, sealed again by the outer
    [InlineData(2, SealedFormat.SegmentSize + SealedFormat.TagSize + 5)] // the outer layer's tag
    [InlineData(6, 4321 + SealedFormat.TagSize)] // the final segment's outer tag
    public async Task ReadAsync_FlippedByteInEitherLayer_IsRefused(int segment, int within)
    {
        var altered = (byte[])Sealed.Value.Clone();
        altered[(segment * SealedSegment) + within] ^= 0x04;
        using var reader = Sealing.Open(altered, Size, DualKey);

        var refused = await Assert.ThrowsAsync<SealedBlobException>(() => Sealing.ReadAllAsync(reader, 1 << 20));

        Assert.Equal((SealedDamage.AuthenticationFailed, (long)segment), (refused.Damage, refused.Segment));
    }

    [Fact]
    public async Task ReadAsync_InnerLayerAlteredThenResealedByTheOuterKey_IsRefused()
    {
        // Whoever holds the outer key alone can rewrite the outer layer at will: the inner layer must still refuse.
        var altered = (byte[])Sealed.Value.Clone();
        var segment = altered.AsSpan(0, SealedSegment);
        using (var outer = new SegmentCipher(OuterKey, Sealing.DefaultOrdinal, Sealing.Context))
        {
            Assert.True(outer.TryOpen(0, final: false, segment, segment));
            segment[10] ^= 0x01;
            outer.Seal(0, final: false, segment[..(SealedFormat.SegmentSize + SealedFormat.TagSize)], segment);
        }

        using var reader = Sealing.Open(altered, Size, DualKey);
        var refused = await Assert.ThrowsAsync<SealedBlobException>(() => Sealing.ReadAllAsync(reader, 1 << 20));

        Assert.Equal((SealedDamage.AuthenticationFailed, 0L), (refused.Damage, refused.Segment));
    }

    [Fact]
    public async Task ReadAsync_LayersKeysSwapped_IsRefused()
    {
        using var reader = Sealing.Open(Sealed.Value, Size, [.. OuterKey, .. InnerKey]);

        var refused = await Assert.ThrowsAsync<SealedBlobException>(() => Sealing.ReadAllAsync(reader, 1 << 20));

        Assert.Equal(SealedDamage.AuthenticationFailed, refused.Damage);
    }

    [Fact]
    public void Open_SingleLayerKeyForTwoLayerBlob_IsRefusedAsTheWrongLength()
    {
        var refused = Assert.Throws<SealedBlobException>(() => Sealing.Open(Sealed.Value, Size, InnerKey));

        Assert.Equal(SealedDamage.Extended, refused.Damage);
    }

    [Fact]
    public void TryGetPlainLength_OfTwoLayerSealedLengths_GivesThePlainLengthBack()
    {
        foreach (var plainLength in new long[] { 0, 1, SealedFormat.SegmentSize - 1, SealedFormat.SegmentSize, SealedFormat.SegmentSize + 1, Size })
        {
            Assert.True(SealedFormat.TryGetPlainLength(SealedFormat.SealedLength(plainLength, SealedFormat.DualLayer), SealedFormat.DualLayer, out var back));
            Assert.Equal(plainLength, back);
        }

        Assert.False(SealedFormat.TryGetPlainLength(SealedFormat.TagSize, SealedFormat.DualLayer, out _));
    }
}
