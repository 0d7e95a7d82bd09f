using Coffer.Engine.Checksums;

namespace Coffer.Engine.Tests.Checksums;

public class Crc64NvmeTests : ReflectedCrcTests
{
    private protected override ulong CheckValue => 0xAE8B14860A799888;

    private protected override ulong Reference(ReadOnlySpan<byte> data) => BitwiseCrc.Crc64Nvme(data);

    private protected override ulong Compute(ReadOnlySpan<byte> data) => Crc64Nvme.Compute(data);

    private protected override IEnumerable<(string Name, CrcUpdate Update)> Paths()
    {
        yield return ("Update", static (crc, data) => Crc64Nvme.Update(crc, data));
        yield return ("UpdatePortable", static (crc, data) => Crc64Nvme.UpdatePortable(crc, data));
        if (CarrylessFolding.IsSupported)
        {
            foreach (int bits in VectorWidths.Supported())
            {
                yield return ($"UpdateCarryless({bits})", (crc, data) => Crc64Nvme.UpdateCarryless(crc, data, bits));
            }
        }
    }
}
