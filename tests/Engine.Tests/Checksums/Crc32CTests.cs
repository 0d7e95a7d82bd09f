using Coffer.Engine.Checksums;

namespace Coffer.Engine.Tests.Checksums;

public class Crc32CTests : ReflectedCrcTests
{
    private protected override ulong CheckValue => 0xE3069283;

    private protected override ulong Reference(ReadOnlySpan<byte> data) => BitwiseCrc.Crc32C(data);

    private protected override ulong Compute(ReadOnlySpan<byte> data) => Crc32C.Compute(data);

    private protected override IEnumerable<(string Name, CrcUpdate Update)> Paths()
    {
        yield return ("Update", static (crc, data) => Crc32C.Update((uint)crc, data));
        yield return ("UpdatePortable", static (crc, data) => Crc32C.UpdatePortable((uint)crc, data));

        // BitOperations.Crc32C has a software fallback, so this path runs on any CPU.
        yield return ("UpdateHardware", static (crc, data) => Crc32C.UpdateHardware((uint)crc, data));
        if (CarrylessFolding.IsSupported)
        {
            foreach (int bits in VectorWidths.Supported())
            {
                yield return ($"UpdateCarryless({bits})", (crc, data) => Crc32C.UpdateCarryless((uint)crc, data, bits));
            }
        }
    }
}
