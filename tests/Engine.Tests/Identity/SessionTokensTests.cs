using System.Security.Cryptography;

using Coffer.Engine.Identity;
using Coffer.TestKit;

namespace Coffer.Engine.Tests.Identity;

public class SessionTokensTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(SecretBox.KeySize);

    private static SessionGrant Grant(ManualClock clock, string? policy = null) => new()
    {
        AccessKeyId = "ASIAEXAMPLE0000001",
        SecretAccessKey = "temporary/secret",
        Expiration = clock.GetUtcNow().AddHours(1),
        Kind = PrincipalKind.Role,
        PrincipalName = "uploader",
        PrincipalId = "AROAEXAMPLE",
        SessionName = "browser",
        SessionPolicy = policy,
    };

    [Fact]
    public void Open_TokenItIssued_ReturnsTheGrantAndTheTokenHidesTheSecret()
    {
        var clock = new ManualClock();
        using var box = new SecretBox(Key);
        var tokens = new SessionTokens(box, clock);
        var grant = Grant(clock, """{"Version":"2012-10-17","Statement":[]}""");

        var token = tokens.Issue(grant);

        Assert.Equal(grant, tokens.Open(grant.AccessKeyId, token));
        Assert.DoesNotContain("temporary/secret", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AtOrAfterExpiration_ThrowsExpired()
    {
        var clock = new ManualClock();
        using var box = new SecretBox(Key);
        var tokens = new SessionTokens(box, clock);
        var token = tokens.Issue(Grant(clock));

        clock.Advance(TimeSpan.FromHours(1));

        Assert.True(Assert.Throws<SessionTokenException>(() => tokens.Open("ASIAEXAMPLE0000001", token)).Expired);
    }

    [Theory]
    [InlineData("ASIAOTHERKEY000001", null)]
    [InlineData("ASIAEXAMPLE0000001", "not base64!")]
    [InlineData("ASIAEXAMPLE0000001", "AAAA")]
    public void Open_ForeignOrMalformedToken_ThrowsInvalid(string accessKeyId, string? replacement)
    {
        var clock = new ManualClock();
        using var box = new SecretBox(Key);
        var tokens = new SessionTokens(box, clock);
        var token = replacement ?? tokens.Issue(Grant(clock));

        Assert.False(Assert.Throws<SessionTokenException>(() => tokens.Open(accessKeyId, token)).Expired);
    }

    [Fact]
    public void Open_TokenIssuedUnderAnotherSealingKey_ThrowsInvalid()
    {
        var clock = new ManualClock();
        using var issuerBox = new SecretBox(RandomNumberGenerator.GetBytes(SecretBox.KeySize));
        using var box = new SecretBox(Key);
        var token = new SessionTokens(issuerBox, clock).Issue(Grant(clock));

        Assert.False(Assert.Throws<SessionTokenException>(() => new SessionTokens(box, clock).Open("ASIAEXAMPLE0000001", token)).Expired);
    }

    [Fact]
    public void Open_SealedUserSecretPresentedAsToken_ThrowsInvalid()
    {
        // A sealed user secret from the database, bound to its key id, must not pass for a token.
        var clock = new ManualClock();
        using var box = new SecretBox(Key);
        var sealedSecret = Convert.ToBase64String(box.Seal("user-secret", "ASIAEXAMPLE0000001"));

        Assert.Throws<SessionTokenException>(() => new SessionTokens(box, clock).Open("ASIAEXAMPLE0000001", sealedSecret));
    }
}
