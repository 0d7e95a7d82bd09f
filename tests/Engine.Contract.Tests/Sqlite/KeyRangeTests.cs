using Coffer.Engine.Storage;

namespace Coffer.Engine.Contract.Tests.Sqlite;

public sealed class KeyRangeTests
{
    [Theory]
    [InlineData(new byte[0], null)]
    [InlineData(new byte[] { 0xFF, 0xFF }, null)]
    [InlineData(new byte[] { 0x61 }, new byte[] { 0x62 })]
    [InlineData(new byte[] { 0x61, 0xFF }, new byte[] { 0x62 })]
    [InlineData(new byte[] { 0x61, 0x62, 0xFF, 0xFF }, new byte[] { 0x61, 0x63 })]
    [InlineData(new byte[] { 0x7A, 0xF4, 0x8F, 0xBF, 0xBF }, new byte[] { 0x7A, 0xF4, 0x8F, 0xBF, 0xC0 })]
    public void UpperBound_Prefix_IsTheFirstStringPastIt(byte[] prefix, byte[]? expected)
    {
        Assert.Equal(expected, KeyRange.UpperBound(prefix));
    }

    [Fact]
    public void For_PrefixAfterTheStart_SeeksFromThePrefixInclusive()
    {
        var range = KeyRange.For("a"u8, inclusive: false, "m/"u8);

        Assert.Equal("m/"u8.ToArray(), range.From);
        Assert.True(range.FromInclusive);
        Assert.Equal("m0"u8.ToArray(), range.Before);
    }

    [Fact]
    public void For_StartAfterThePrefix_SeeksFromTheStart()
    {
        var range = KeyRange.For("m/x"u8, inclusive: false, "m/"u8);

        Assert.Equal("m/x"u8.ToArray(), range.From);
        Assert.False(range.FromInclusive);
    }
}
