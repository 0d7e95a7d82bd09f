using Coffer.S3.Cors;

namespace Coffer.S3.Tests.Cors;

public class CorsMatcherTests
{
    private static CorsRule Rule(string[]? origins = null, string[]? methods = null, string[]? headers = null, string? id = null) => new()
    {
        Id = id,
        AllowedOrigins = origins ?? ["*"],
        AllowedMethods = methods ?? ["GET"],
        AllowedHeaders = headers ?? [],
    };

    private static CorsMatch? Match(CorsRule rule, string origin, string method = "GET", params string[] headers) =>
        CorsMatcher.FirstMatch(new CorsConfiguration([rule]), origin, method, headers);

    [Theory]
    [InlineData("*", "https://app.example", true)]
    [InlineData("*", "null", true)]
    [InlineData("https://app.example", "https://app.example", true)]
    [InlineData("https://app.example", "http://app.example", false)]
    [InlineData("https://app.example", "https://app.example:8443", false)]
    [InlineData("https://app.example", "https://app.example/", false)]
    [InlineData("https://app.example", "https://www.app.example", false)]
    [InlineData("https://app.example", "https://APP.example", false)]
    [InlineData("https://App.example", "https://app.example", false)]
    [InlineData("https://*.app.example", "https://www.app.example", true)]
    [InlineData("https://*.app.example", "https://a.b.app.example", true)]
    [InlineData("https://*.app.example", "https://WWW.app.example", true)]
    [InlineData("https://*.app.example", "https://.app.example", true)]
    [InlineData("https://*.app.example", "https://app.example", false)]
    [InlineData("https://*.app.example", "http://www.app.example", false)]
    [InlineData("https://*.app.example", "https://www.app.example.evil", false)]
    [InlineData("http://localhost:*", "http://localhost:5173", true)]
    [InlineData("http://localhost:*", "http://localhost", false)]
    [InlineData("http*", "https://app.example", true)]
    [InlineData("*suffix", "foo.suffix", true)]
    [InlineData("*suffix", "foo.suffix.get", false)]
    [InlineData("start*end", "startend", true)]
    [InlineData("start*end", "start-middle-end", true)]
    [InlineData("start*end", "xstartend", false)]
    [InlineData("prefix*", "prefix", true)]
    [InlineData("prefix*", "not.prefix", false)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("ab*ba", "abba", true)]
    public void FirstMatch_Origin_MatchesAsS3Does(string pattern, string origin, bool matches)
    {
        Assert.Equal(matches, Match(Rule(origins: [pattern]), origin) is not null);
    }

    [Theory]
    [InlineData(new[] { "GET" }, "GET", true)]
    [InlineData(new[] { "GET" }, "HEAD", false)]
    [InlineData(new[] { "GET" }, "get", false)]
    [InlineData(new[] { "PUT", "POST", "DELETE" }, "DELETE", true)]
    [InlineData(new[] { "GET", "PUT", "HEAD", "POST", "DELETE" }, "OPTIONS", false)]
    [InlineData(new[] { "GET", "PUT", "HEAD", "POST", "DELETE" }, "PATCH", false)]
    public void FirstMatch_Method_MustBeAllowedExactly(string[] methods, string method, bool matches)
    {
        Assert.Equal(matches, Match(Rule(methods: methods), "https://app.example", method) is not null);
    }

    [Theory]
    [InlineData(new string[0], new string[0], true)]
    [InlineData(new[] { "content-type" }, new string[0], true)]
    [InlineData(new string[0], new[] { "content-type" }, false)]
    [InlineData(new[] { "content-type" }, new[] { "content-type" }, true)]
    [InlineData(new[] { "Content-Type" }, new[] { "content-type" }, true)]
    [InlineData(new[] { "content-type" }, new[] { "content-length" }, false)]
    [InlineData(new[] { "content-type" }, new[] { "content-type", "x-amz-date" }, false)]
    [InlineData(new[] { "x-amz-date", "content-type" }, new[] { "content-type", "x-amz-date" }, true)]
    [InlineData(new[] { "*" }, new[] { "authorization", "x-amz-date", "x-custom" }, true)]
    [InlineData(new[] { "X-Amz-*" }, new[] { "x-amz-date", "x-amz-meta-a" }, true)]
    [InlineData(new[] { "x-amz-*" }, new[] { "x-amz-" }, true)]
    [InlineData(new[] { "x-amz-*" }, new[] { "x-amzn-trace-id" }, false)]
    [InlineData(new[] { "x-amz-*" }, new[] { "my-x-amz-date" }, false)]
    [InlineData(new[] { "x-amz-*" }, new[] { "x-amz-date", "content-type" }, false)]
    [InlineData(new[] { "*-type" }, new[] { "content-type" }, true)]
    [InlineData(new[] { "x-*-id" }, new[] { "x-request-id" }, true)]
    [InlineData(new[] { "x-*-id" }, new[] { "x-id" }, false)]
    public void FirstMatch_RequestHeaders_MustEachBeAllowed(string[] allowed, string[] requested, bool matches)
    {
        Assert.Equal(matches, Match(Rule(headers: allowed), "https://app.example", "GET", requested) is not null);
    }

    [Theory]
    [InlineData(new[] { "*" }, "https://app.example", "*")]
    [InlineData(new[] { "https://app.example" }, "https://app.example", "https://app.example")]
    [InlineData(new[] { "https://*.app.example" }, "https://www.app.example", "https://www.app.example")]
    [InlineData(new[] { "http*" }, "https://app.example", "https://app.example")]
    [InlineData(new[] { "https://app.example", "*" }, "https://app.example", "*")]
    [InlineData(new[] { "https://app.example", "*" }, "https://other.example", "*")]
    public void FirstMatch_AllowOrigin_IsStarOnlyForARuleWithTheOriginStar(string[] origins, string origin, string allowOrigin)
    {
        Assert.Equal(allowOrigin, Match(Rule(origins: origins), origin)?.AllowOrigin);
    }

    [Theory]
    [InlineData("GET", new string[0], "exact")]
    [InlineData("PUT", new string[0], "exact")]
    [InlineData("HEAD", new string[0], "any")]
    [InlineData("GET", new[] { "x-amz-date" }, "pattern")]
    [InlineData("DELETE", new string[0], null)]
    public void FirstMatch_SeveralRules_TheFirstThatAllowsEverythingWins(string method, string[] headers, string? id)
    {
        var configuration = new CorsConfiguration(
        [
            Rule(id: "exact", origins: ["https://app.example"], methods: ["GET", "PUT"]),
            Rule(id: "pattern", origins: ["https://*.example"], headers: ["*"]),
            Rule(id: "any", methods: ["GET", "HEAD"], headers: ["*"]),
        ]);

        Assert.Equal(id, CorsMatcher.FirstMatch(configuration, "https://app.example", method, headers)?.Rule.Id);
    }

    [Fact]
    public void FirstMatch_OriginMethodAndHeadersInDifferentRules_NoMatch()
    {
        var configuration = new CorsConfiguration(
        [
            Rule(origins: ["https://app.example"], methods: ["PUT"]),
            Rule(origins: ["https://other.example"], methods: ["GET"], headers: ["*"]),
        ]);

        Assert.Null(CorsMatcher.FirstMatch(configuration, "https://app.example", "GET", []));
        Assert.Null(CorsMatcher.FirstMatch(configuration, "https://app.example", "PUT", ["x-amz-date"]));
    }
}
