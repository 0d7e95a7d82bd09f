using System.Text;

using Coffer.Engine.Checksums;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Checksums;

public class ChecksumHasherTests
{
    public static TheoryData<ChecksumAlgorithm> Algorithms() => new(Enum.GetValues<ChecksumAlgorithm>());

    // The vectors the AWS SDKs test their flexible-checksum code against (the same values appear in the .NET,
    // Java, JavaScript and Python SDKs), plus the CRC32 of "hello world" and the published check values.
    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, "", "AAAAAA==")]
    [InlineData(ChecksumAlgorithm.Crc32, "abc", "NSRBwg==")]
    [InlineData(ChecksumAlgorithm.Crc32, "Hello world", "i9aeUg==")]
    [InlineData(ChecksumAlgorithm.Crc32, "hello world", "DUoRhQ==")]
    [InlineData(ChecksumAlgorithm.Crc32, "123456789", "y/Q5Jg==")]
    [InlineData(ChecksumAlgorithm.Crc32C, "", "AAAAAA==")]
    [InlineData(ChecksumAlgorithm.Crc32C, "abc", "Nks/tw==")]
    [InlineData(ChecksumAlgorithm.Crc32C, "Hello world", "crUfeA==")]
    [InlineData(ChecksumAlgorithm.Crc32C, "123456789", "4waSgw==")]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, "", "AAAAAAAAAAA=")]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, "abc", "BeXKuz/B+us=")]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, "Hello world", "OOJZ0D8xKts=")]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, "123456789", "rosUhgp5mIg=")]
    [InlineData(ChecksumAlgorithm.Sha1, "", "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")]
    [InlineData(ChecksumAlgorithm.Sha1, "abc", "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")]
    [InlineData(ChecksumAlgorithm.Sha1, "Hello world", "e1AsOh9IyGCa4hLN+2Od7jlnP14=")]
    [InlineData(ChecksumAlgorithm.Sha256, "", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")]
    [InlineData(ChecksumAlgorithm.Sha256, "abc", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")]
    [InlineData(ChecksumAlgorithm.Sha256, "Hello world", "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=")]
    public void GetCurrentHashBase64_KnownInput_MatchesAwsValue(ChecksumAlgorithm algorithm, string input, string expected)
    {
        using var hasher = ChecksumHasher.Create(algorithm);
        hasher.Append(Encoding.ASCII.GetBytes(input));

        Assert.Equal(expected, hasher.GetCurrentHashBase64());
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, 4)]
    [InlineData(ChecksumAlgorithm.Crc32C, 4)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, 8)]
    [InlineData(ChecksumAlgorithm.Sha1, 20)]
    [InlineData(ChecksumAlgorithm.Sha256, 32)]
    public void GetCurrentHash_NothingAppended_HasTheAlgorithmsSize(ChecksumAlgorithm algorithm, int size)
    {
        using var hasher = ChecksumHasher.Create(algorithm);

        Assert.Equal(size, hasher.GetCurrentHash().Length);
    }

    [Fact]
    public void GetCurrentHash_Crc64Nvme_IsBigEndian()
    {
        using var hasher = ChecksumHasher.Create(ChecksumAlgorithm.Crc64Nvme);
        hasher.Append("123456789"u8);

        Assert.Equal(new byte[] { 0xAE, 0x8B, 0x14, 0x86, 0x0A, 0x79, 0x98, 0x88 }, hasher.GetCurrentHash());
    }

    [Fact]
    public void GetCurrentHash_Crc32_IsBigEndian()
    {
        using var hasher = ChecksumHasher.Create(ChecksumAlgorithm.Crc32);
        hasher.Append("hello world"u8);

        Assert.Equal(new byte[] { 0x0D, 0x4A, 0x11, 0x85 }, hasher.GetCurrentHash());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Append_InRandomPieces_EqualsOneShot(ChecksumAlgorithm algorithm)
    {
        var random = new Random(7);
        var data = new byte[300_000];
        random.NextBytes(data);

        using var whole = ChecksumHasher.Create(algorithm);
        whole.Append(data);
        using var pieces = ChecksumHasher.Create(algorithm);
        for (int offset = 0; offset < data.Length;)
        {
            int piece = Math.Min(random.Next(70_000), data.Length - offset);
            pieces.Append(data.AsSpan(offset, piece));
            offset += piece;
        }

        Assert.Equal(whole.GetCurrentHashBase64(), pieces.GetCurrentHashBase64());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void GetCurrentHash_ThenAppendMore_ContinuesTheSameChecksum(ChecksumAlgorithm algorithm)
    {
        using var split = ChecksumHasher.Create(algorithm);
        split.Append("Hello "u8);
        _ = split.GetCurrentHash();
        split.Append("world"u8);

        using var whole = ChecksumHasher.Create(algorithm);
        whole.Append("Hello world"u8);

        Assert.Equal(whole.GetCurrentHash(), split.GetCurrentHash());
    }

    [Fact]
    public void Create_UndefinedAlgorithm_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChecksumHasher.Create((ChecksumAlgorithm)99));
}
