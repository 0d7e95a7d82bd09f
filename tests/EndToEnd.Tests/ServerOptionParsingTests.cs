using System.Net;

using Coffer.Server.Hosting;

namespace Coffer.EndToEnd.Tests;

/// <summary>The spellings `coffer server` accepts for durations and proxy ranges, and the one line it refuses others with.</summary>
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

    [Fact]
    public void TrustedProxies_RangesAndBareAddresses_AreRead()
    {
        var proxies = TrustedProxies.Parse("10.0.0.0/8, 192.168.1.5,::1,fd00::/8,172.16.5.4/12");

        Assert.Equal(
            [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("192.168.1.5/32"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fd00::/8"), IPNetwork.Parse("172.16.0.0/12")],
            proxies);
        Assert.Empty(TrustedProxies.Parse(null));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("proxy.example.com")]
    [InlineData("10.0.0.0/8;192.168.0.0/16")]
    public void TrustedProxies_Malformed_IsRefusedNamingTheRange(string text)
    {
        var refused = Assert.Throws<ArgumentException>(() => TrustedProxies.Parse(text));

        Assert.StartsWith($"'{text}' is not an IP address or a CIDR range", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForwardedHeadersOptions_TrustOnlyTheConfiguredRanges_NotLoopback()
    {
        var options = TrustedProxies.ForwardedHeadersOptions(TrustedProxies.Parse("10.0.0.0/8"));

        Assert.Empty(options.KnownProxies);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8")], options.KnownIPNetworks);
        Assert.Null(options.ForwardLimit);
    }
}
