using Coffer.Engine.Model;

namespace Coffer.Engine.Checksums;

/// <summary>
/// Joins the CRCs of two adjacent runs of bytes into the CRC of both, knowing only the second
/// run's length: how a FULL_OBJECT checksum of a multipart upload is formed from its parts'
/// CRCs without reading a byte of them again.
/// </summary>
/// <remarks>
/// For the CRCs S3 uses (reflected, with equal all-ones initial value and final XOR), the CRC of
/// <c>a + b</c> is <c>crc(a)·x^(8·|b|) mod P</c> XOR <c>crc(b)</c>. Values are kept bit-reflected
/// like the CRCs themselves: the top bit of the width is the coefficient of x^0. Multiplying is
/// shift-and-add over GF(2); the power of x comes from a table of x^(2^k) by repeated squaring,
/// so a combination costs a few hundred shifts whatever the lengths. No library here does this.
/// </remarks>
public sealed class CrcCombiner
{
    public static readonly CrcCombiner Crc32 = new(0xEDB88320, 32);

    public static readonly CrcCombiner Crc32C = new(0x82F63B78, 32);

    public static readonly CrcCombiner Crc64Nvme = new(0x9A6C9329AC4BC9B5, 64);

    private readonly ulong _reflectedPolynomial;

    /// <summary>The polynomial 1 (x^0), in the reflected layout.</summary>
    private readonly ulong _one;

    /// <summary>x^(2^k) mod P for k = 0..63: enough for any exponent a long can hold.</summary>
    private readonly ulong[] _powersOfTwoExponent = new ulong[64];

    private CrcCombiner(ulong reflectedPolynomial, int width)
    {
        _reflectedPolynomial = reflectedPolynomial;
        _one = 1UL << (width - 1);
        _powersOfTwoExponent[0] = _one >> 1; // x^1
        for (var k = 1; k < _powersOfTwoExponent.Length; k++)
        {
            _powersOfTwoExponent[k] = Multiply(_powersOfTwoExponent[k - 1], _powersOfTwoExponent[k - 1]);
        }
    }

    /// <summary>For the algorithms whose checksums combine; null for SHA1 and SHA256.</summary>
    public static CrcCombiner? For(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => Crc32,
        ChecksumAlgorithm.Crc32C => Crc32C,
        ChecksumAlgorithm.Crc64Nvme => Crc64Nvme,
        _ => null,
    };

    /// <summary>The CRC of <c>first + second</c>, given the finished CRCs of each and the length of the second.</summary>
    public ulong Combine(ulong firstCrc, ulong secondCrc, long secondLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(secondLength);
        return Multiply(PowerOfX(secondLength * 8), firstCrc) ^ secondCrc;
    }

    /// <summary>x^exponent mod P, from the binary digits of the exponent.</summary>
    private ulong PowerOfX(long exponent)
    {
        var result = _one;
        for (var k = 0; exponent != 0; k++, exponent >>= 1)
        {
            if ((exponent & 1) != 0)
            {
                result = Multiply(_powersOfTwoExponent[k], result);
            }
        }

        return result;
    }

    /// <summary>a·b mod P: for each term x^i of a, from x^0 up, add b·x^i.</summary>
    private ulong Multiply(ulong a, ulong b)
    {
        ulong product = 0;
        for (var term = _one; term != 0; term >>= 1)
        {
            if ((a & term) != 0)
            {
                product ^= b;
            }

            // b·x: the coefficient of x^(width-1) (bit 0) overflows into x^width, which is P's remainder.
            b = (b & 1) != 0 ? (b >> 1) ^ _reflectedPolynomial : b >> 1;
        }

        return product;
    }
}
