using System.Buffers.Binary;
using System.Security.Cryptography;

using Coffer.Engine.Encryption;

namespace Coffer.Engine.Tests.Encryption;

public class SealedFormatTests
{
    [Theory]
    [InlineData(0, 16)]
    [InlineData(1, 17)]
    [InlineData(65_535, 65_551)]
    [InlineData(65_536, 65_552)]
    [InlineData(65_537, 65_569)]
    [InlineData(3 * 65_536, 3 * 65_552)]
    [InlineData(5L * 1024 * 1024 * 1024, (5L * 1024 * 1024 * 1024) + (81_920 * 16))]
    public void SealedLength_KnownSizes_AddOneTagPerSegment(long plainLength, long sealedLength)
    {
        Assert.Equal(sealedLength, SealedFormat.SealedLength(plainLength, SealedFormat.SingleLayer));
    }

    [Fact]
    public void TryGetPlainLength_OfEverySealedLengthAroundTheBoundaries_GivesThePlainLengthBack()
    {
        var checkedLengths = 0;
        for (long segments = 0; segments < 4; segments++)
        {
            for (var delta = -20; delta <= 20; delta++)
            {
                var plainLength = (segments * Sealing.Segment) + delta;
                if (plainLength < 0)
                {
                    continue;
                }

                Assert.True(SealedFormat.TryGetPlainLength(SealedFormat.SealedLength(plainLength, SealedFormat.SingleLayer), SealedFormat.SingleLayer, out var back));
                Assert.Equal(plainLength, back);
                checkedLengths++;
            }
        }

        Assert.True(checkedLengths > 100);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(65_552 + 16)] // a tag-only last segment after a full one: the sealer never writes that
    [InlineData(65_552 + 15)]
    [InlineData(65_552 + 1)]
    public void TryGetPlainLength_LengthNoPlaintextSealsTo_IsFalse(long sealedLength)
    {
        Assert.False(SealedFormat.TryGetPlainLength(sealedLength, SealedFormat.SingleLayer, out _));
    }

    [Fact]
    public void WriteNonce_EveryIndexAndFlag_GivesADifferentNonce()
    {
        var nonces = new HashSet<string>(StringComparer.Ordinal);
        var nonce = new byte[SealedFormat.NonceSize];
        foreach (var index in (long[])[0, 1, 2, 255, 256, 65_535, 1L << 32, long.MaxValue])
        {
            foreach (var final in (bool[])[false, true])
            {
                SealedFormat.WriteNonce(nonce, index, final);
                Assert.True(nonces.Add(Convert.ToHexString(nonce)));
            }
        }
    }

    /// <summary>
    /// The format as docs/encryption-format.md writes it, built here by hand (HKDF from HMAC, the nonce byte by
    /// byte), so that any change to the bytes on disk, which would make stored objects unreadable, fails.
    /// </summary>
    [Fact]
    public async Task Seal_TwoAndAHalfSegments_IsWhatTheFormatDocumentSays()
    {
        var dataKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var context = "bucket/key#version/part 3"u8.ToArray();
        var plaintext = Sealing.Plaintext((2 * Sealing.Segment) + 1000, seed: 7);

        // HKDF-SHA256 (RFC 5869) with an empty salt: PRK = HMAC(zeros, IKM); OKM = HMAC(PRK, info ‖ 0x01).
        var prk = HMACSHA256.HashData(new byte[32], dataKey);
        var info = "coffer sealed segments v1 blob key"u8.ToArray().Concat(new byte[] { 0, 0, 0, 0, 0, 0, 0, 9 }).ToArray();
        var blobKey = HMACSHA256.HashData(prk, info.Append((byte)1).ToArray());

        var expected = new MemoryStream();
        using (var aes = new AesGcm(blobKey, 16))
        {
            for (var index = 0; index < 3; index++)
            {
                var start = index * Sealing.Segment;
                var segment = plaintext.AsSpan(start, Math.Min(Sealing.Segment, plaintext.Length - start));
                var nonce = new byte[12];
                BinaryPrimitives.WriteInt64BigEndian(nonce, index);
                nonce[11] = index == 2 ? (byte)1 : (byte)0;
                var ciphertext = new byte[segment.Length];
                var tag = new byte[16];
                aes.Encrypt(nonce, segment, ciphertext, tag, context);
                expected.Write(ciphertext);
                expected.Write(tag);
            }
        }

        var sealedBytes = await Sealing.SealAsync(plaintext, new Random(3), dataKey, ordinal: 9, context);

        Assert.Equal(expected.ToArray(), sealedBytes);
    }
}
