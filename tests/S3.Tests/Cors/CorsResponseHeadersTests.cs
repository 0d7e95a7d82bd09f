using Coffer.S3.Cors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Tests.Cors;

public class CorsResponseHeadersTests
{
    private static Dictionary<string, string> Apply(CorsRule rule, string allowOrigin, params string[] allowHeaders)
    {
        var headers = new HeaderDictionary();
        CorsResponseHeaders.Apply(headers, new CorsMatch(rule, allowOrigin), allowHeaders);
        return headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Apply_NamedOriginWithEverything_SendsEveryHeader()
    {
        var rule = new CorsRule
        {
            AllowedOrigins = ["https://*.app.example"],
            AllowedMethods = ["GET", "PUT", "DELETE"],
            AllowedHeaders = ["*"],
            ExposeHeaders = ["ETag", "x-amz-request-id"],
            MaxAgeSeconds = 3000,
        };

        var headers = Apply(rule, "https://www.app.example", "content-type", "x-amz-date");

        Assert.Equal(
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Access-Control-Allow-Origin"] = "https://www.app.example",
                ["Access-Control-Allow-Methods"] = "GET, PUT, DELETE",
                ["Access-Control-Allow-Headers"] = "content-type, x-amz-date",
                ["Access-Control-Expose-Headers"] = "ETag, x-amz-request-id",
                ["Access-Control-Max-Age"] = "3000",
                ["Access-Control-Allow-Credentials"] = "true",
                ["Vary"] = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
            },
            headers);
    }

    [Fact]
    public void Apply_AnyOriginWithNothingElse_SendsNoCredentialsAndNoOptionalHeader()
    {
        var headers = Apply(new CorsRule { AllowedOrigins = ["*"], AllowedMethods = ["GET"] }, "*");

        Assert.Equal(
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Access-Control-Allow-Origin"] = "*",
                ["Access-Control-Allow-Methods"] = "GET",
                ["Vary"] = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
            },
            headers);
    }

    [Fact]
    public void Apply_MaxAgeZero_IsSent()
    {
        var headers = Apply(new CorsRule { AllowedOrigins = ["*"], AllowedMethods = ["GET"], MaxAgeSeconds = 0 }, "*");

        Assert.Equal("0", headers["Access-Control-Max-Age"]);
    }
}
