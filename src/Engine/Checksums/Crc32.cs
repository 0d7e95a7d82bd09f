namespace Coffer.Engine.Checksums;

/// <summary>
/// CRC-32 as in zlib, gzip and Ethernet (reflected polynomial 0xEDB88320), which S3 calls CRC32.
/// Values are finished CRCs: start from 0, and <c>Update(Update(0, a), b) == Compute(a + b)</c>.
/// </summary>
public static class Crc32
{
    private const uint ReflectedPolynomial = 0xEDB88320;

    private static readonly uint[] Tables = SliceBy8.BuildTables(ReflectedPolynomial);

    // Remainders of powers of x modulo P, bit-reflected; the layout is explained in FoldingConstants.
    internal static readonly FoldingConstants Folding = new()
    {
        Width = 32,
        By128 = FoldingConstants.Pair(0x65673B4600000000, 0x9BA54C6F00000000),
        By256 = FoldingConstants.Pair(0x9570D49500000000, 0x01B5FD1D00000000),
        By512 = FoldingConstants.Pair(0x653D982200000000, 0xCAD38E8F00000000),
        By1024 = FoldingConstants.Pair(0x7D657A1000000000, 0x7406FA9500000000),
        By2048 = FoldingConstants.Pair(0x7CC8E1E700000000, 0x03F9F86300000000),
        BarrettQuotient = 0x5A72D812FB808B20,
        Polynomial = (ulong)ReflectedPolynomial << 32,
    };

    public static uint Compute(ReadOnlySpan<byte> data) => Update(0, data);

    public static uint Update(uint crc, ReadOnlySpan<byte> data) =>
        data.Length >= CarrylessFolding.MinimumLength && CarrylessFolding.IsSupported
            ? UpdateCarryless(crc, data, maxVectorBits: 512)
            : UpdatePortable(crc, data);

    // The slice-by-8 table path, whatever the CPU.
    internal static uint UpdatePortable(uint crc, ReadOnlySpan<byte> data) =>
        ~SliceBy8.Update(~crc, data, Tables);

    // Requires CarrylessFolding.IsSupported. Any length: the tail after the last 16-byte block goes to the tables.
    internal static uint UpdateCarryless(uint crc, ReadOnlySpan<byte> data, int maxVectorBits)
    {
        uint register = ~crc;
        int blocks = data.Length & ~15;
        if (blocks > 0)
        {
            register = (uint)CarrylessFolding.UpdateBlocks(register, data[..blocks], Folding, maxVectorBits);
        }

        return ~SliceBy8.Update(register, data[blocks..], Tables);
    }
}
