using Coffer.Engine.Encryption;

namespace Coffer.Engine.Tests.Encryption;

public class BlobKeysTests
{
    [Fact]
    public void DeriveBlobKey_EachOrdinal_GivesItsOwnKey()
    {
        var dataKey = BlobKeys.NewDataKey();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ordinal in (ulong[])[0, 1, 2, 3, 10_000, 1UL << 32, ulong.MaxValue])
        {
            Assert.True(keys.Add(Convert.ToHexString(Derive(dataKey, ordinal))));
        }

        Assert.DoesNotContain(Convert.ToHexString(dataKey), keys);
    }

    [Fact]
    public void DeriveBlobKey_SameDataKeyAndOrdinal_GivesTheSameKey()
    {
        var dataKey = BlobKeys.NewDataKey();

        Assert.Equal(Derive(dataKey, 5), Derive(dataKey.ToArray(), 5));
    }

    [Fact]
    public void DeriveBlobKey_AnotherDataKey_GivesAnotherKey()
    {
        Assert.NotEqual(Derive(BlobKeys.NewDataKey(), 1), Derive(BlobKeys.NewDataKey(), 1));
    }

    [Fact]
    public void NewDataKey_TwoCalls_GiveTwoDifferentFullLengthKeys()
    {
        var first = BlobKeys.NewDataKey();

        Assert.Equal(32, first.Length);
        Assert.NotEqual(first, BlobKeys.NewDataKey());
    }

    [Theory]
    [InlineData(16, 32)]
    [InlineData(32, 16)]
    public void DeriveBlobKey_WrongKeySizes_Throws(int dataKeySize, int blobKeySize)
    {
        Assert.Throws<ArgumentException>(() => BlobKeys.DeriveBlobKey(new byte[dataKeySize], 1, new byte[blobKeySize]));
    }

    private static byte[] Derive(byte[] dataKey, ulong ordinal)
    {
        var blobKey = new byte[BlobKeys.KeySize];
        BlobKeys.DeriveBlobKey(dataKey, ordinal, blobKey);
        return blobKey;
    }
}
