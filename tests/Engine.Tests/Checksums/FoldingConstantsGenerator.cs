using System.Numerics;
using System.Runtime.Intrinsics;

namespace Coffer.Engine.Tests.Checksums;

// Derives, from nothing but the polynomial, the constants CarrylessFolding uses (layout in FoldingConstants):
// bit-reflected remainders x^n mod P, and the Barrett quotient floor(x^(64+W) / P). Run it to regenerate the
// literals in Crc32.cs / Crc64Nvme.cs if a fold distance is ever added.
internal static class FoldingConstantsGenerator
{
    // Element 0 multiplies a block's high-degree half, element 1 its low-degree half.
    public static Vector128<ulong> FoldPair(int distanceBits, int width, ulong reflectedPolynomial) =>
        Vector128.Create(
            PowerOfX(distanceBits + 63, width, reflectedPolynomial),
            PowerOfX(distanceBits - 1, width, reflectedPolynomial));

    // x^n mod P, bit-reflected in a ulong (bit i = coefficient of x^(63 - i)). In a W-bit reflected register,
    // multiplying by x is a right shift, reduced by P whenever x^(W-1) moves up to x^W: one step of a bitwise CRC.
    public static ulong PowerOfX(int exponent, int width, ulong reflectedPolynomial)
    {
        ulong register = 1UL << (width - 1);
        for (int i = 0; i < exponent; i++)
        {
            register = (register & 1) != 0 ? (register >> 1) ^ reflectedPolynomial : register >> 1;
        }

        return register << (64 - width);
    }

    // floor(x^(64+W) / P) without its x^64 term, bit-reflected: plain long division, in normal bit order.
    public static ulong BarrettQuotient(int width, ulong reflectedPolynomial)
    {
        BigInteger divisor = (BigInteger.One << width) | Reverse(reflectedPolynomial, width);
        BigInteger remainder = BigInteger.One << (64 + width);
        BigInteger quotient = BigInteger.Zero;
        for (int degree = 64; degree >= 0; degree--)
        {
            if (!((remainder >> (degree + width)) & 1).IsZero)
            {
                quotient |= BigInteger.One << degree;
                remainder ^= divisor << degree;
            }
        }

        return Reverse((ulong)(quotient ^ (BigInteger.One << 64)), 64);
    }

    private static ulong Reverse(ulong value, int bits)
    {
        ulong reversed = 0;
        for (int i = 0; i < bits; i++)
        {
            reversed |= ((value >> i) & 1) << (bits - 1 - i);
        }

        return reversed;
    }
}
