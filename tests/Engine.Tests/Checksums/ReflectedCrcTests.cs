using System.Text;

namespace Coffer.Engine.Tests.Checksums;

internal delegate ulong CrcUpdate(ulong crc, ReadOnlySpan<byte> data);

// The same checks for each CRC and for every code path it has (public dispatch, portable tables, each vector
// width), all against the bitwise reference. Subclasses say which CRC and which paths.
public abstract class ReflectedCrcTests
{
    private const int Seed = 20250117;

    private protected abstract ulong CheckValue { get; }

    private protected abstract ulong Reference(ReadOnlySpan<byte> data);

    private protected abstract ulong Compute(ReadOnlySpan<byte> data);

    // Every implementation, named for failure messages; each takes and returns finished CRC values.
    private protected abstract IEnumerable<(string Name, CrcUpdate Update)> Paths();

    [Fact]
    public void Reference_CheckString_IsPublishedCheckValue() =>
        Assert.Equal(CheckValue, Reference("123456789"u8));

    [Fact]
    public void Compute_CheckString_IsPublishedCheckValue() =>
        Assert.Equal(CheckValue, Compute("123456789"u8));

    [Fact]
    public void Update_CheckStringOnEveryPath_IsPublishedCheckValue()
    {
        foreach (var (name, update) in Paths())
        {
            Assert.True(update(0, "123456789"u8) == CheckValue, name);
        }
    }

    [Fact]
    public void Compute_Empty_IsZero() => Assert.Equal(0UL, Compute([]));

    [Fact]
    public void Update_EmptyInput_ReturnsValueUnchanged()
    {
        foreach (var (name, update) in Paths())
        {
            Assert.True(update(0x1234_5678, []) == 0x1234_5678, name);
        }
    }

    [Fact]
    public void Update_EveryLengthUpTo4096_MatchesBitwiseReference()
    {
        var random = new Random(Seed);
        var buffer = new byte[4096 + 64];
        var paths = Paths().ToList();
        var failures = new List<string>();

        for (int length = 0; length <= 4096; length++)
        {
            // A random start offset, so vector loads see every alignment.
            random.NextBytes(buffer);
            var data = buffer.AsSpan(random.Next(64), length);
            ulong expected = Reference(data);
            foreach (var (name, update) in paths)
            {
                ulong actual = update(0, data);
                if (actual != expected)
                {
                    failures.Add($"{name}, length {length}: {actual:X} instead of {expected:X}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 15)]
    [InlineData((1 << 20) - 1)]
    public void Update_AboutOneMebibyte_MatchesBitwiseReference(int length)
    {
        var data = new byte[length];
        new Random(Seed + length).NextBytes(data);
        ulong expected = Reference(data);

        foreach (var (name, update) in Paths())
        {
            Assert.True(update(0, data) == expected, name);
        }
    }

    [Fact]
    public void Update_InRandomPieces_EqualsOneShot()
    {
        var random = new Random(Seed);
        foreach (var (name, update) in Paths())
        {
            for (int round = 0; round < 50; round++)
            {
                var data = new byte[random.Next(20_000)];
                random.NextBytes(data);

                ulong crc = 0;
                int offset = 0;
                while (offset < data.Length)
                {
                    // Zero-length pieces included: they must not disturb the running value.
                    int piece = Math.Min(random.Next(600), data.Length - offset);
                    crc = update(crc, data.AsSpan(offset, piece));
                    offset += piece;
                }

                Assert.True(crc == Compute(data), $"{name}, round {round}, length {data.Length}");
            }
        }
    }

    [Fact]
    public void Update_ContinuingFromCompute_EqualsComputeOfConcatenation()
    {
        var first = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog, ");
        var second = new byte[5000];
        new Random(Seed).NextBytes(second);

        foreach (var (name, update) in Paths())
        {
            Assert.True(update(Compute(first), second) == Reference([.. first, .. second]), name);
        }
    }
}
