namespace Coffer.Engine.Checksums;

/// <summary>
/// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, all-ones initial value and final XOR), which S3 calls
/// CRC64NVME and adds by default to objects uploaded without a checksum.
/// Values are finished CRCs: start from 0, and <c>Update(Update(0, a), b) == Compute(a + b)</c>.
/// </summary>
public static class Crc64Nvme
{
    private const ulong ReflectedPolynomial = 0x9A6C9329AC4BC9B5;

    private static readonly ulong[] Tables = SliceBy8.BuildTables(ReflectedPolynomial);

    // Remainders of powers of x modulo P, bit-reflected; the layout is explained in FoldingConstants.
    internal static readonly FoldingConstants Folding = new()
    {
        Width = 64,
        By128 = FoldingConstants.Pair(0xEADC41FD2BA3D420, 0x21E9761E252621AC),
        By256 = FoldingConstants.Pair(0xB0BC2E589204F500, 0xE1E0BB9D45D7A44C),
        By512 = FoldingConstants.Pair(0x0C32CDB31E18A84A, 0x62242240ACE5045A),
        By1024 = FoldingConstants.Pair(0xA1CA681E733F9C40, 0x5F852FB61E8D92DC),
        By2048 = FoldingConstants.Pair(0x37CCD3E14069CABC, 0xA043808C0F782663),
        BarrettQuotient = 0x13F67D194D77CFBB,
        Polynomial = ReflectedPolynomial,
    };

    public static ulong Compute(ReadOnlySpan<byte> data) => Update(0, data);

    public static ulong Update(ulong crc, ReadOnlySpan<byte> data) =>
        data.Length >= CarrylessFolding.MinimumLength && CarrylessFolding.IsSupported
            ? UpdateCarryless(crc, data, maxVectorBits: 512)
            : UpdatePortable(crc, data);

    // The slice-by-8 table path, whatever the CPU.
    internal static ulong UpdatePortable(ulong crc, ReadOnlySpan<byte> data) =>
        ~SliceBy8.Update(~crc, data, Tables);

    // Requires CarrylessFolding.IsSupported. Any length: the tail after the last 16-byte block goes to the tables.
    internal static ulong UpdateCarryless(ulong crc, ReadOnlySpan<byte> data, int maxVectorBits)
    {
        ulong register = ~crc;
        int blocks = data.Length & ~15;
        if (blocks > 0)
        {
            register = CarrylessFolding.UpdateBlocks(register, data[..blocks], Folding, maxVectorBits);
        }

        return ~SliceBy8.Update(register, data[blocks..], Tables);
    }
}
