using Coffer.Engine.Checksums;

namespace Coffer.Engine.Tests.Checksums;

public class Crc32Tests : ReflectedCrcTests
{
    private protected override ulong CheckValue => 0xCBF43926;

    private protected override ulong Reference(ReadOnlySpan<byte> data) => BitwiseCrc.Crc32(data);

    private protected override ulong Compute(ReadOnlySpan<byte> data) => Crc32.Compute(data);

    private protected override IEnumerable<(string Name, CrcUpdate Update)> Paths()
    {
        yield return ("Update", static (crc, data) => Crc32.Update((uint)crc, data));
        yield return ("UpdatePortable", static (crc, data) => Crc32.UpdatePortable((uint)crc, data));
        if (CarrylessFolding.IsSupported)
        {
            foreach (int bits in VectorWidths.Supported())
            {
                yield return ($"UpdateCarryless({bits})", (crc, data) => Crc32.UpdateCarryless((uint)crc, data, bits));
            }
        }
    }
}
