using System.Text;

using Coffer.S3.Cors;

namespace Coffer.S3.Tests.Cors;

public class CorsConfigurationWriterTests
{
    private static CorsRule Rule(params string[] origins) => new() { AllowedOrigins = origins, AllowedMethods = ["GET"] };

    [Fact]
    public void ToDocument_EveryElement_InS3sOrder()
    {
        var configuration = new CorsConfiguration(
        [
            new CorsRule
            {
                Id = "site",
                AllowedOrigins = ["https://app.example"],
                AllowedMethods = ["PUT", "GET"],
                AllowedHeaders = ["x-amz-*"],
                ExposeHeaders = ["ETag"],
                MaxAgeSeconds = 0,
            },
            Rule("*"),
        ]);

        Assert.Equal(
            "<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + "<CORSRule><ID>site</ID><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod>"
            + "<AllowedOrigin>https://app.example</AllowedOrigin><AllowedHeader>x-amz-*</AllowedHeader>"
            + "<MaxAgeSeconds>0</MaxAgeSeconds><ExposeHeader>ETag</ExposeHeader></CORSRule>"
            + "<CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule>"
            + "</CORSConfiguration>",
            CorsConfigurationWriter.ToDocument(configuration));
    }

    public static TheoryData<CorsRule> RoundTrips => new()
    {
        Rule("*"),
        new CorsRule
        {
            Id = "every element",
            AllowedOrigins = ["https://app.example", "https://*.app.example", "http://localhost:*"],
            AllowedMethods = ["GET", "PUT", "HEAD", "POST", "DELETE"],
            AllowedHeaders = ["*", "Content-Type"],
            ExposeHeaders = ["ETag", "x-amz-request-id"],
            MaxAgeSeconds = int.MaxValue,
        },
        new CorsRule { Id = "", AllowedOrigins = ["", " padded "], AllowedMethods = ["GET", "GET"] },
        new CorsRule { Id = "<&> \"quotes\" ]]> é 日本 🪣", AllowedOrigins = ["https://app.example/?a=1&b=2"], AllowedMethods = ["GET"], ExposeHeaders = ["&amp;"] },
        new CorsRule { Id = "line\r\nbreaks\rand\ttabs\n", AllowedOrigins = ["a\u0001b"], AllowedMethods = ["GET"] },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void ToDocument_ThenRead_GivesTheSameRule(CorsRule rule)
    {
        var read = CorsConfigurationReader.Read(Encoding.UTF8.GetBytes(CorsConfigurationWriter.ToDocument(new CorsConfiguration([rule, Rule("*")]))));

        Assert.Equal(2, read.Rules.Count);
        var back = read.Rules[0];
        Assert.Equal(rule.Id, back.Id);
        Assert.Equal(rule.AllowedOrigins, back.AllowedOrigins);
        Assert.Equal(rule.AllowedMethods, back.AllowedMethods);
        Assert.Equal(rule.AllowedHeaders, back.AllowedHeaders);
        Assert.Equal(rule.ExposeHeaders, back.ExposeHeaders);
        Assert.Equal(rule.MaxAgeSeconds, back.MaxAgeSeconds);
    }
}
