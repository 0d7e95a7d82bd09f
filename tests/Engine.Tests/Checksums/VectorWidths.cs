using System.Runtime.Intrinsics.X86;

namespace Coffer.Engine.Tests.Checksums;

// The carry-less vector widths this CPU can run, so each kernel is tested where it exists.
internal static class VectorWidths
{
    public static IEnumerable<int> Supported()
    {
        yield return 128;
        if (Pclmulqdq.V256.IsSupported)
        {
            yield return 256;
        }

        if (Pclmulqdq.V512.IsSupported)
        {
            yield return 512;
        }
    }
}
