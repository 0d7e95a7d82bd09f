using Coffer.Engine.Encryption;

namespace Coffer.Engine.Tests.Encryption;

public sealed class DualLayerKeyTests
{
    private static readonly byte[] Inner = [1, 40, 41, 42, 43];

    private static readonly byte[] Outer = [1, 50, 51, 52];

    [Fact]
    public void Join_ThenSplit_GivesBothWrappedKeysBackInnerFirst()
    {
        var joined = DualLayerKey.Join(Inner, Outer);

        var (inner, outer) = DualLayerKey.Split(joined);

        Assert.Equal(Inner, inner);
        Assert.Equal(Outer, outer);
        Assert.True(DualLayerKey.Is(joined));
        Assert.Equal(SealedFormat.DualLayer, DualLayerKey.LayersOf(joined));
    }

    [Fact]
    public void LayersOf_SingleWrappedKey_IsOne()
    {
        // A key wrapped by the master key, a KMS key or a customer key starts with its version byte, 1.
        Assert.False(DualLayerKey.Is(Inner));
        Assert.Equal(SealedFormat.SingleLayer, DualLayerKey.LayersOf(Inner));
    }

    [Theory]
    [InlineData(0)] // "DSSE" and nothing after
    [InlineData(2)] // cut inside the inner key's length
    [InlineData(3)] // the header whole, no key after it
    [InlineData(8)] // the inner key whole, the outer missing
    public void Split_CutShort_IsMalformed(int keep)
    {
        var joined = DualLayerKey.Join(Inner, Outer);

        var refused = Assert.Throws<KeyUnwrapException>(() => DualLayerKey.Split(joined.AsSpan(0, 4 + keep)));

        Assert.Equal(KeyUnwrapFailure.Malformed, refused.Failure);
    }

    [Fact]
    public void Split_OfAnotherVersion_IsUnknownVersion()
    {
        var joined = DualLayerKey.Join(Inner, Outer);
        joined[4] = 2;

        Assert.Equal(KeyUnwrapFailure.UnknownVersion, Assert.Throws<KeyUnwrapException>(() => DualLayerKey.Split(joined)).Failure);
    }
}
