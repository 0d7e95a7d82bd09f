using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace Coffer.Engine.Checksums;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), which S3 calls CRC32C.
/// Values are finished CRCs: start from 0, and <c>Update(Update(0, a), b) == Compute(a + b)</c>.
/// </summary>
public static class Crc32C
{
    private const uint ReflectedPolynomial = 0x82F63B78;

    private static readonly uint[] Tables = SliceBy8.BuildTables(ReflectedPolynomial);

    // Remainders of powers of x modulo P, bit-reflected; the layout is explained in FoldingConstants.
    internal static readonly FoldingConstants Folding = new()
    {
        Width = 32,
        By128 = FoldingConstants.Pair(0x3743F7BD00000000, 0x3171D43000000000),
        By256 = FoldingConstants.Pair(0x33CCBBBC00000000, 0xA2158B3400000000),
        By512 = FoldingConstants.Pair(0x1C19243B00000000, 0x75BBA45B00000000),
        By1024 = FoldingConstants.Pair(0x6577B24500000000, 0x7417153F00000000),
        By2048 = FoldingConstants.Pair(0xE9A5D8BE00000000, 0x1426A81500000000),
        BarrettQuotient = 0xA434F61C6F5389F8,
        Polynomial = (ulong)ReflectedPolynomial << 32,
    };

    // The crc32 instruction is one serial chain (about 5 GB/s on our benchmark machine); carry-less folding
    // runs many chains at once (over 40 GB/s there) but has a fixed cost of some 30 ns, so the instruction
    // stays ahead up to about 256 bytes. See docs/benchmarks.md.
    private const int CarrylessThreshold = 384;

    // BitOperations.Crc32C is the SSE4.2 / ARMv8 CRC instruction when present; its software fallback goes a
    // byte at a time, slower than our tables, so without the instruction we use those instead.
    private static bool HasInstruction => Sse42.X64.IsSupported || ArmCrc32.Arm64.IsSupported;

    public static uint Compute(ReadOnlySpan<byte> data) => Update(0, data);

    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        if (data.Length >= CarrylessThreshold && CarrylessFolding.IsSupported)
        {
            return UpdateCarryless(crc, data, maxVectorBits: 512);
        }

        return HasInstruction ? UpdateHardware(crc, data) : UpdatePortable(crc, data);
    }

    // The slice-by-8 table path, whatever the CPU.
    internal static uint UpdatePortable(uint crc, ReadOnlySpan<byte> data) =>
        ~SliceBy8.Update(~crc, data, Tables);

    // Requires CarrylessFolding.IsSupported. Any length: the tail after the last 16-byte block goes to the
    // crc32 instruction, which CPUs with PCLMULQDQ have in practice (and BitOperations is correct regardless).
    internal static uint UpdateCarryless(uint crc, ReadOnlySpan<byte> data, int maxVectorBits)
    {
        uint register = ~crc;
        int blocks = data.Length & ~15;
        if (blocks > 0)
        {
            register = (uint)CarrylessFolding.UpdateBlocks(register, data[..blocks], Folding, maxVectorBits);
        }

        return UpdateHardware(~register, data[blocks..]);
    }

    // Correct on any CPU (BitOperations falls back to software), fast where the instruction exists.
    internal static uint UpdateHardware(uint crc, ReadOnlySpan<byte> data)
    {
        uint register = ~crc;
        ref byte source = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint offset = 0;

        // Every step depends on the last, so unrolling only trims loop overhead; the instruction's latency
        // (3 cycles per 8 bytes on x64) sets the pace.
        for (; length - offset >= 32; offset += 32)
        {
            register = BitOperations.Crc32C(register, LittleEndian.ReadUInt64(ref source, offset));
            register = BitOperations.Crc32C(register, LittleEndian.ReadUInt64(ref source, offset + 8));
            register = BitOperations.Crc32C(register, LittleEndian.ReadUInt64(ref source, offset + 16));
            register = BitOperations.Crc32C(register, LittleEndian.ReadUInt64(ref source, offset + 24));
        }

        for (; length - offset >= 8; offset += 8)
        {
            register = BitOperations.Crc32C(register, LittleEndian.ReadUInt64(ref source, offset));
        }

        if (length - offset >= 4)
        {
            register = BitOperations.Crc32C(register, LittleEndian.ReadUInt32(ref source, offset));
            offset += 4;
        }

        for (; offset < length; offset++)
        {
            register = BitOperations.Crc32C(register, Unsafe.Add(ref source, offset));
        }

        return ~register;
    }
}
