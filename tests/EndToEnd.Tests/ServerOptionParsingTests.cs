using Coffer.Server.Hosting;

namespace Coffer.EndToEnd.Tests;

/// <summary>The spellings `coffer server` accepts for durations, and the one line it refuses others with.</summary>
public class ServerOptionParsingTests
{
    [Theory]
    [InlineData("30", 30)]
    [InlineData("30s", 30)]
    [InlineData(" 2m ", 120)]
    [InlineData("0", 0)]
    [InlineData("1440m", 86400)]
    public void DurationText_WholeSecondsOrMinutes_AreRead(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text, "--drain-timeout"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.5s")]
    [InlineData("-3")]
    [InlineData("10h")]
    [InlineData("thirty")]
    [InlineData("1441m")]
    [InlineData("99999999999")]
    public void DurationText_AnythingElse_IsRefusedNamingTheOption(string text)
    {
        var refused = Assert.Throws<ArgumentException>(() => DurationText.Parse(text, "--drain-timeout"));

        Assert.StartsWith("--drain-timeout must be a whole number of seconds or minutes", refused.Message, StringComparison.Ordinal);
    }
}
