using Coffer.Engine.Checksums;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Checksums;

public class CrcCombinerTests
{
    public static TheoryData<ChecksumAlgorithm> Crcs() => new([ChecksumAlgorithm.Crc32, ChecksumAlgorithm.Crc32C, ChecksumAlgorithm.Crc64Nvme]);

    [Theory]
    [MemberData(nameof(Crcs))]
    public void Combine_RandomSplits_EqualsTheCrcOfTheWhole(ChecksumAlgorithm algorithm)
    {
        var random = new Random(20261121);
        var combiner = CrcCombiner.For(algorithm)!;
        for (var trial = 0; trial < 200; trial++)
        {
            var data = new byte[random.Next(0, 3000)];
            random.NextBytes(data);
            var split = random.Next(0, data.Length + 1);

            var combined = combiner.Combine(Crc(algorithm, data.AsSpan(0, split)), Crc(algorithm, data.AsSpan(split)), data.Length - split);

            Assert.Equal(Crc(algorithm, data), combined);
        }
    }

    [Theory]
    [MemberData(nameof(Crcs))]
    public void Combine_ManyParts_FoldsToTheCrcOfTheWhole(ChecksumAlgorithm algorithm)
    {
        var random = new Random(7);
        var data = new byte[100_000];
        random.NextBytes(data);
        var combiner = CrcCombiner.For(algorithm)!;

        ulong folded = 0;
        for (var offset = 0; offset < data.Length;)
        {
            var length = Math.Min(random.Next(0, 9000), data.Length - offset);
            folded = combiner.Combine(folded, Crc(algorithm, data.AsSpan(offset, length)), length);
            offset += length;
        }

        Assert.Equal(Crc(algorithm, data), folded);
    }

    [Theory]
    [MemberData(nameof(Crcs))]
    public void Combine_TerabyteLengths_AgreeWhetherAppliedAtOnceOrInSteps(ChecksumAlgorithm algorithm)
    {
        // Appending zeros of CRC 0 is the pure "shift by x^(8n)"; shifting by a then b must equal
        // shifting by a + b, up to S3's 5 TiB object size where the exponent has 46 bits.
        var combiner = CrcCombiner.For(algorithm)!;
        const ulong Start = 0x0123456789ABCDEF & 0xFFFFFFFF;
        long a = (3L << 40) + 12345, b = (2L << 40) - 999;

        var inSteps = combiner.Combine(combiner.Combine(Start, 0, a), 0, b);

        Assert.Equal(combiner.Combine(Start, 0, a + b), inSteps);
        Assert.Equal(Start, combiner.Combine(Start, 0, 0));
    }

    [Fact]
    public void For_Sha256_IsNull()
    {
        Assert.Null(CrcCombiner.For(ChecksumAlgorithm.Sha256));
    }

    private static ulong Crc(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => BitwiseCrc.Crc32(data),
        ChecksumAlgorithm.Crc32C => BitwiseCrc.Crc32C(data),
        _ => BitwiseCrc.Crc64Nvme(data),
    };
}
