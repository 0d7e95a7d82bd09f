using Coffer.Engine.Checksums;

namespace Coffer.Engine.Tests.Checksums;

public class FoldingConstantsTests
{
    [Fact]
    public void Crc32Folding_ComparedWithGenerator_IsDerivedFromPolynomial() =>
        AssertDerived(Crc32.Folding, 32, BitwiseCrc.Crc32Polynomial);

    [Fact]
    public void Crc32CFolding_ComparedWithGenerator_IsDerivedFromPolynomial() =>
        AssertDerived(Crc32C.Folding, 32, BitwiseCrc.Crc32CPolynomial);

    [Fact]
    public void Crc64NvmeFolding_ComparedWithGenerator_IsDerivedFromPolynomial() =>
        AssertDerived(Crc64Nvme.Folding, 64, BitwiseCrc.Crc64NvmePolynomial);

    [Fact]
    public void PowerOfX_BelowWidth_IsTheMonomialItself()
    {
        // x^5 needs no reduction: reflected in 64 bits it is bit 63 - 5.
        Assert.Equal(1UL << 58, FoldingConstantsGenerator.PowerOfX(5, 64, BitwiseCrc.Crc64NvmePolynomial));
        Assert.Equal(1UL << 58, FoldingConstantsGenerator.PowerOfX(5, 32, BitwiseCrc.Crc32Polynomial));
    }

    private static void AssertDerived(FoldingConstants actual, int width, ulong reflectedPolynomial)
    {
        Assert.Equal(width, actual.Width);
        Assert.Equal(FoldingConstantsGenerator.FoldPair(128, width, reflectedPolynomial), actual.By128);
        Assert.Equal(FoldingConstantsGenerator.FoldPair(256, width, reflectedPolynomial), actual.By256);
        Assert.Equal(FoldingConstantsGenerator.FoldPair(512, width, reflectedPolynomial), actual.By512);
        Assert.Equal(FoldingConstantsGenerator.FoldPair(1024, width, reflectedPolynomial), actual.By1024);
        Assert.Equal(FoldingConstantsGenerator.FoldPair(2048, width, reflectedPolynomial), actual.By2048);
        Assert.Equal(FoldingConstantsGenerator.BarrettQuotient(width, reflectedPolynomial), actual.BarrettQuotient);
        Assert.Equal(reflectedPolynomial << (64 - width), actual.Polynomial);
    }
}
