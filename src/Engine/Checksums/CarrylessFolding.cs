using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Coffer.Engine.Checksums;

// Reflected CRCs at tens of GB/s with carry-less multiplication (PCLMULQDQ, and VPCLMULQDQ on 256/512-bit
// vectors where the CPU has it).
//
// The algebra. Read the message as a polynomial whose first bit is the highest power; once the incoming
// register is XOR-ed into the first W bits, the outgoing one is rev(message · x^W mod P). A reflected CRC puts the lowest-addressed byte in the low bits, so a 16-byte block
// loaded into a Vector128<ulong> holds its high-degree half H in element 0 and its low-degree half L in element
// 1: block = H·x^64 + L. Moving a block D bits further along the message multiplies it by x^D, and modulo P
//     H·x^(D+64) + L·x^D  ≡  H·(x^(D+63) mod P)·x + L·(x^(D-1) mod P)·x.
// Carry-less multiplying two bit-reflected 64-bit values gives the bit-reflected 128-bit product times x, which
// absorbs the two "·x" above. The result is a 128-bit block lined up with the block D bits ahead, so it is
// XOR-ed into that block. Every fold keeps the running value congruent to the message, so after the last one a
// single 16-byte block remains, and two Barrett steps (ReduceWord) turn it into the W-bit register.
internal static class CarrylessFolding
{
    // Below this the table path is as fast: folding has a fixed cost (the closing folds and two Barrett
    // steps form one serial chain of about ten carry-less multiplies) that slicing 16-31 bytes does not.
    public const int MinimumLength = 32;

    public static bool IsSupported => Pclmulqdq.IsSupported;

    // Processes data (a positive multiple of 16 bytes) and returns the raw register after it. maxVectorBits
    // (128, 256 or 512) caps the vector width so tests can drive the narrower paths on a wide CPU.
    public static ulong UpdateBlocks(ulong register, ReadOnlySpan<byte> data, FoldingConstants k, int maxVectorBits)
    {
        Debug.Assert(data.Length >= 16 && data.Length % 16 == 0, "Whole 16-byte blocks only.");
        ref byte source = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint offset;
        Vector128<ulong> x;

        // 1. Fold as much as possible with the widest vectors, several accumulators in flight.
        if (maxVectorBits >= 512 && Pclmulqdq.V512.IsSupported && length >= 256)
        {
            x = FoldWith512(ref source, length, register, k, out offset);
        }
        else if (maxVectorBits >= 256 && Pclmulqdq.V256.IsSupported && length >= 128)
        {
            x = FoldWith256(ref source, length, register, k, out offset);
        }
        else if (length >= 128)
        {
            x = FoldWith128(ref source, length, register, k, out offset);
        }
        else
        {
            x = Load128(ref source, 0) ^ Vector128.CreateScalar(register);
            offset = 16;
        }

        // 2. The blocks left over, one at a time.
        Vector128<ulong> by128 = k.By128;
        for (; offset < length; offset += 16)
        {
            x = Fold(x, by128) ^ Load128(ref source, offset);
        }

        // 3. Run the last block through the register 8 bytes at a time, starting from zero.
        ulong reduced = ReduceWord(x.GetElement(0), k);
        return ReduceWord(x.GetElement(1) ^ reduced, k);
    }

    // Eight 128-bit accumulators, 128 bytes a round: enough independent work to cover PCLMULQDQ's latency.
    private static Vector128<ulong> FoldWith128(ref byte source, nuint length, ulong register, FoldingConstants k, out nuint offset)
    {
        var a0 = Load128(ref source, 0) ^ Vector128.CreateScalar(register);
        var a1 = Load128(ref source, 16);
        var a2 = Load128(ref source, 32);
        var a3 = Load128(ref source, 48);
        var a4 = Load128(ref source, 64);
        var a5 = Load128(ref source, 80);
        var a6 = Load128(ref source, 96);
        var a7 = Load128(ref source, 112);
        offset = 128;

        Vector128<ulong> by1024 = k.By1024;
        for (; length - offset >= 128; offset += 128)
        {
            a0 = Fold(a0, by1024) ^ Load128(ref source, offset);
            a1 = Fold(a1, by1024) ^ Load128(ref source, offset + 16);
            a2 = Fold(a2, by1024) ^ Load128(ref source, offset + 32);
            a3 = Fold(a3, by1024) ^ Load128(ref source, offset + 48);
            a4 = Fold(a4, by1024) ^ Load128(ref source, offset + 64);
            a5 = Fold(a5, by1024) ^ Load128(ref source, offset + 80);
            a6 = Fold(a6, by1024) ^ Load128(ref source, offset + 96);
            a7 = Fold(a7, by1024) ^ Load128(ref source, offset + 112);
        }

        // Each accumulator sits one block before the next.
        Vector128<ulong> by128 = k.By128;
        var x = Fold(a0, by128) ^ a1;
        x = Fold(x, by128) ^ a2;
        x = Fold(x, by128) ^ a3;
        x = Fold(x, by128) ^ a4;
        x = Fold(x, by128) ^ a5;
        x = Fold(x, by128) ^ a6;
        return Fold(x, by128) ^ a7;
    }

    // Four 256-bit accumulators (eight 128-bit lanes), 128 bytes a round.
    private static Vector128<ulong> FoldWith256(ref byte source, nuint length, ulong register, FoldingConstants k, out nuint offset)
    {
        var a0 = Load256(ref source, 0) ^ Vector256.CreateScalar(register);
        var a1 = Load256(ref source, 32);
        var a2 = Load256(ref source, 64);
        var a3 = Load256(ref source, 96);
        offset = 128;

        var by1024 = Vector256.Create(k.By1024, k.By1024);
        for (; length - offset >= 128; offset += 128)
        {
            a0 = Fold(a0, by1024) ^ Load256(ref source, offset);
            a1 = Fold(a1, by1024) ^ Load256(ref source, offset + 32);
            a2 = Fold(a2, by1024) ^ Load256(ref source, offset + 64);
            a3 = Fold(a3, by1024) ^ Load256(ref source, offset + 96);
        }

        var by256 = Vector256.Create(k.By256, k.By256);
        var y = Fold(a0, by256) ^ a1;
        y = Fold(y, by256) ^ a2;
        y = Fold(y, by256) ^ a3;

        for (; length - offset >= 32; offset += 32)
        {
            y = Fold(y, by256) ^ Load256(ref source, offset);
        }

        return Fold(y.GetLower(), k.By128) ^ y.GetUpper();
    }

    // Four 512-bit accumulators (sixteen 128-bit lanes), 256 bytes a round.
    private static Vector128<ulong> FoldWith512(ref byte source, nuint length, ulong register, FoldingConstants k, out nuint offset)
    {
        var a0 = Load512(ref source, 0) ^ Vector512.CreateScalar(register);
        var a1 = Load512(ref source, 64);
        var a2 = Load512(ref source, 128);
        var a3 = Load512(ref source, 192);
        offset = 256;

        var by2048 = Broadcast(k.By2048);
        for (; length - offset >= 256; offset += 256)
        {
            a0 = Fold(a0, by2048) ^ Load512(ref source, offset);
            a1 = Fold(a1, by2048) ^ Load512(ref source, offset + 64);
            a2 = Fold(a2, by2048) ^ Load512(ref source, offset + 128);
            a3 = Fold(a3, by2048) ^ Load512(ref source, offset + 192);
        }

        var by512 = Broadcast(k.By512);
        var z = Fold(a0, by512) ^ a1;
        z = Fold(z, by512) ^ a2;
        z = Fold(z, by512) ^ a3;

        for (; length - offset >= 64; offset += 64)
        {
            z = Fold(z, by512) ^ Load512(ref source, offset);
        }

        Vector128<ulong> by128 = k.By128;
        var x = Fold(z.GetLower().GetLower(), by128) ^ z.GetLower().GetUpper();
        x = Fold(x, by128) ^ z.GetUpper().GetLower();
        return Fold(x, by128) ^ z.GetUpper().GetUpper();
    }

    // One Barrett step: for word = rev(V) with V of degree < 64, returns rev(V·x^W mod P), the register after
    // feeding those 8 bytes to a zeroed CRC. With μ = floor(x^(64+W) / P) = x^64 + m:
    //   q = floor(V·x^W / P) = floor(V·μ / x^64) = V + floor(V·m / x^64)      (exact for polynomials)
    //   V·x^W mod P = (q·P) mod x^W = (q·(P - x^W)) mod x^W.
    // The shifts undo the extra ·x of each carry-less product.
    private static ulong ReduceWord(ulong word, FoldingConstants k)
    {
        ulong high = Pclmulqdq.CarrylessMultiply(
            Vector128.CreateScalar(word), Vector128.CreateScalar(k.BarrettQuotient), 0x00).GetElement(0);
        ulong quotient = word ^ (high << 1);

        Vector128<ulong> product = Pclmulqdq.CarrylessMultiply(
            Vector128.CreateScalar(quotient), Vector128.CreateScalar(k.Polynomial), 0x00);

        // The wanted W coefficients start at bit 127 - W of the 128-bit product.
        return k.Width == 32
            ? product.GetElement(1) >> 31
            : (product.GetElement(0) >> 63) | (product.GetElement(1) << 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Fold(Vector128<ulong> x, Vector128<ulong> k) =>
        Pclmulqdq.CarrylessMultiply(x, k, 0x00) ^ Pclmulqdq.CarrylessMultiply(x, k, 0x11);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Fold(Vector256<ulong> x, Vector256<ulong> k) =>
        Pclmulqdq.V256.CarrylessMultiply(x, k, 0x00) ^ Pclmulqdq.V256.CarrylessMultiply(x, k, 0x11);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Fold(Vector512<ulong> x, Vector512<ulong> k) =>
        Pclmulqdq.V512.CarrylessMultiply(x, k, 0x00) ^ Pclmulqdq.V512.CarrylessMultiply(x, k, 0x11);

    private static Vector512<ulong> Broadcast(Vector128<ulong> pair)
    {
        var half = Vector256.Create(pair, pair);
        return Vector512.Create(half, half);
    }

    // PCLMULQDQ exists only on x86, which is little-endian, so a plain vector load is the reflected layout.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load128(ref byte source, nuint offset) =>
        Vector128.LoadUnsafe(ref source, offset).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Load256(ref byte source, nuint offset) =>
        Vector256.LoadUnsafe(ref source, offset).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Load512(ref byte source, nuint offset) =>
        Vector512.LoadUnsafe(ref source, offset).AsUInt64();
}
