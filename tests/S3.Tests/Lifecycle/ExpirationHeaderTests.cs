using Coffer.Engine.Lifecycle;
using Coffer.S3.Lifecycle;

namespace Coffer.S3.Tests.Lifecycle;

public class ExpirationHeaderTests
{
    [Fact]
    public void Format_IsS3sPairsWithAnHttpDate()
    {
        var expiry = new CurrentVersionExpiry(new DateTimeOffset(2012, 12, 23, 0, 0, 0, TimeSpan.Zero), "picture-deletion-rule");

        Assert.Equal("expiry-date=\"Sun, 23 Dec 2012 00:00:00 GMT\", rule-id=\"picture-deletion-rule\"", ExpirationHeader.Format(expiry));
    }

    [Fact]
    public void Format_RuleId_IsUrlEncoded()
    {
        var expiry = new CurrentVersionExpiry(new DateTimeOffset(2012, 12, 23, 0, 0, 0, TimeSpan.Zero), "a rule/\"quoted\"");

        Assert.EndsWith("rule-id=\"a%20rule%2F%22quoted%22\"", ExpirationHeader.Format(expiry), StringComparison.Ordinal);
    }
}
