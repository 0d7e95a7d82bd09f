using System.Runtime.Intrinsics;

namespace Coffer.Engine.Checksums;

// The powers of x that CarrylessFolding needs for one reflected CRC of width W and polynomial P.
// Every value is a polynomial of degree < 64 stored bit-reflected in a ulong: bit i holds the coefficient
// of x^(63 - i). A remainder mod P has degree < W, so for CRC-32 the low 32 bits are always zero.
// tests/Engine.Tests/Checksums/FoldingConstantsTests.cs recomputes every value from the polynomial.
internal sealed class FoldingConstants
{
    // 32 or 64.
    public required int Width { get; init; }

    // Moving a 16-byte block D bits further along the message: element 0 is x^(D+63) mod P (it multiplies the
    // block's high-degree half), element 1 is x^(D-1) mod P (the low-degree half). See CarrylessFolding.
    public required Vector128<ulong> By128 { get; init; }

    public required Vector128<ulong> By256 { get; init; }

    public required Vector128<ulong> By512 { get; init; }

    public required Vector128<ulong> By1024 { get; init; }

    public required Vector128<ulong> By2048 { get; init; }

    // floor(x^(64+W) / P) minus its leading x^64 term, for the Barrett step.
    public required ulong BarrettQuotient { get; init; }

    // P minus its leading x^W term: the usual reflected polynomial constant, moved to the top of the ulong.
    public required ulong Polynomial { get; init; }

    public static Vector128<ulong> Pair(ulong highHalfMultiplier, ulong lowHalfMultiplier) =>
        Vector128.Create(highHalfMultiplier, lowHalfMultiplier);
}
