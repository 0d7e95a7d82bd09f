using Coffer.S3.Auth;

namespace Coffer.S3.Tests.Auth;

public class AmzDateTests
{
    [Theory]
    [InlineData("20130524T000000Z")]
    [InlineData("Fri, 24 May 2013 00:00:00 GMT")]
    [InlineData("Mon, 24 May 2013 00:00:00 GMT")] // wrong weekday: S3 still reads the date
    public void TryParseAny_DateForms_GiveTheSameInstant(string text)
    {
        Assert.True(AmzDate.TryParseAny(text, out var value));
        Assert.Equal(new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("Tue, 99 Jul 2010 21:53:04 GMT")]
    [InlineData("Tue, 07 Jul 1950 21:53:04 GMT")]
    public void TryParseAny_Garbage_Fails(string text)
    {
        Assert.False(AmzDate.TryParseAny(text, out _));
    }
}
