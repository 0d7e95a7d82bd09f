using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Coffer.Engine.Checksums;

// The portable path for every reflected CRC here: no intrinsics, eight table lookups per 8 bytes.
// Slice-by-8 rather than 16 keeps the CRC-64 tables at 16 KiB, so they share L1 with the data being hashed.
// It also finishes the short tails that the vector paths leave behind.
internal static class SliceBy8
{
    private const int Slices = 8;

    // Table s (entries [256·s, 256·s + 255]) maps a byte to the register it leaves behind when s zero bytes
    // follow it; XOR-ing eight lookups therefore advances the register by eight bytes at once.
    public static T[] BuildTables<T>(T reflectedPolynomial)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        var tables = new T[Slices * 256];
        for (int value = 0; value < 256; value++)
        {
            var register = T.CreateTruncating(value);
            for (int bit = 0; bit < 8; bit++)
            {
                register = (register & T.One) != T.Zero ? (register >>> 1) ^ reflectedPolynomial : register >>> 1;
            }

            tables[value] = register;
        }

        for (int slice = 1; slice < Slices; slice++)
        {
            for (int value = 0; value < 256; value++)
            {
                var previous = tables[((slice - 1) * 256) + value];
                tables[(slice * 256) + value] = (previous >>> 8) ^ tables[LowByte(previous)];
            }
        }

        return tables;
    }

    // Takes and returns the raw register (no initial or final inversion).
    public static T Update<T>(T register, ReadOnlySpan<byte> data, T[] tables)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        ref byte source = ref MemoryMarshal.GetReference(data);
        ref T table = ref MemoryMarshal.GetArrayDataReference(tables);
        nuint length = (nuint)data.Length;
        nuint offset = 0;

        for (; length - offset >= 8; offset += 8)
        {
            // The register overlaps the first 4 (CRC-32) or 8 (CRC-64) bytes of the word; the byte at
            // position i still has 7 - i bytes after it within the word, hence table 7 - i. The XORs are paired
            // as a tree because a left-to-right chain puts all eight on the loop's critical path.
            ulong word = LittleEndian.ReadUInt64(ref source, offset) ^ ulong.CreateTruncating(register);
            register = ((Lookup(ref table, 7, word) ^ Lookup(ref table, 6, word >> 8))
                    ^ (Lookup(ref table, 5, word >> 16) ^ Lookup(ref table, 4, word >> 24)))
                ^ ((Lookup(ref table, 3, word >> 32) ^ Lookup(ref table, 2, word >> 40))
                    ^ (Lookup(ref table, 1, word >> 48) ^ Lookup(ref table, 0, word >> 56)));
        }

        for (; offset < length; offset++)
        {
            int index = LowByte(register) ^ Unsafe.Add(ref source, offset);
            register = Unsafe.Add(ref table, index) ^ (register >>> 8);
        }

        return register;
    }

    // Native-sized arithmetic lets the JIT fold the slice offset into the load's address.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Lookup<T>(ref T table, nuint slice, ulong value)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T> =>
        Unsafe.Add(ref table, (slice * 256) + (nuint)(byte)value);

    private static int LowByte<T>(T value)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T> => (int)(ulong.CreateTruncating(value) & 0xFF);
}
