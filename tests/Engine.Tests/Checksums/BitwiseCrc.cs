namespace Coffer.Engine.Tests.Checksums;

// The textbook definition of a reflected CRC, one bit at a time: slow and plainly right, so it is the yardstick
// for the table and vector paths. Initial value and final XOR are all ones for all three CRCs S3 uses.
internal static class BitwiseCrc
{
    public const ulong Crc32Polynomial = 0xEDB88320;
    public const ulong Crc32CPolynomial = 0x82F63B78;
    public const ulong Crc64NvmePolynomial = 0x9A6C9329AC4BC9B5;

    public static uint Crc32(ReadOnlySpan<byte> data) => (uint)Compute(data, 32, Crc32Polynomial);

    public static uint Crc32C(ReadOnlySpan<byte> data) => (uint)Compute(data, 32, Crc32CPolynomial);

    public static ulong Crc64Nvme(ReadOnlySpan<byte> data) => Compute(data, 64, Crc64NvmePolynomial);

    public static ulong Compute(ReadOnlySpan<byte> data, int width, ulong reflectedPolynomial)
    {
        ulong allOnes = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        ulong register = allOnes;
        foreach (byte value in data)
        {
            register ^= value;
            for (int bit = 0; bit < 8; bit++)
            {
                register = (register & 1) != 0 ? (register >> 1) ^ reflectedPolynomial : register >> 1;
            }
        }

        return register ^ allOnes;
    }
}
