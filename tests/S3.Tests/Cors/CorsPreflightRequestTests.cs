using Coffer.S3.Cors;
using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Tests.Cors;

public class CorsPreflightRequestTests
{
    private const string NotAllowed = "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

    private static readonly CorsConfiguration Configuration = new(
    [
        new CorsRule { AllowedOrigins = ["https://app.example"], AllowedMethods = ["GET", "PUT"], AllowedHeaders = ["content-type", "x-amz-*"] },
        new CorsRule { AllowedOrigins = ["*"], AllowedMethods = ["GET"] },
    ]);

    private static IHeaderDictionary Headers(string? origin, string? method, string? requestHeaders = null)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        if (origin is not null)
        {
            headers.Origin = origin;
        }

        if (method is not null)
        {
            headers.AccessControlRequestMethod = method;
        }

        if (requestHeaders is not null)
        {
            headers.AccessControlRequestHeaders = requestHeaders;
        }

        return headers;
    }

    [Fact]
    public void Read_AllHeaders_TakesThemWithTheRequestHeadersTrimmedAndLowered()
    {
        var preflight = CorsPreflightRequest.Read(Headers("https://app.example", "PUT", "Content-Type , X-Amz-Date,, "));

        Assert.Equal("https://app.example", preflight.Origin);
        Assert.Equal("PUT", preflight.Method);
        Assert.Equal(["content-type", "x-amz-date"], preflight.RequestHeaders);
    }

    [Theory]
    [InlineData(null, "GET", "Insufficient information. Origin request header needed.")]
    [InlineData("", "GET", "Insufficient information. Origin request header needed.")]
    [InlineData(null, null, "Insufficient information. Origin request header needed.")]
    [InlineData("https://app.example", null, "Invalid Access-Control-Request-Method: null")]
    [InlineData("https://app.example", "", "Invalid Access-Control-Request-Method: ")]
    [InlineData("https://app.example", "PATCH", "Invalid Access-Control-Request-Method: PATCH")]
    [InlineData("https://app.example", "OPTIONS", "Invalid Access-Control-Request-Method: OPTIONS")]
    [InlineData("https://app.example", "get", "Invalid Access-Control-Request-Method: get")]
    public void Read_MissingOrWrongHeader_IsBadRequest(string? origin, string? method, string message)
    {
        var error = Assert.Throws<S3Exception>(() => CorsPreflightRequest.Read(Headers(origin, method)));

        Assert.Equal(S3Error.BadRequest, error.Error);
        Assert.Equal(400, error.Error.StatusCode);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("https://app.example", "PUT", "content-type, x-amz-meta-a", null)]
    [InlineData("https://other.example", "GET", null, null)]
    [InlineData("https://other.example", "PUT", null, NotAllowed)]
    [InlineData("https://app.example", "DELETE", null, NotAllowed)]
    [InlineData("https://app.example", "PUT", "authorization", NotAllowed)]
    [InlineData("https://other.example", "GET", "content-type", NotAllowed)]
    public void Evaluate_Configuration_AllowsOrIsAccessForbidden(string origin, string method, string? requestHeaders, string? refusal)
    {
        var preflight = CorsPreflightRequest.Read(Headers(origin, method, requestHeaders));

        if (refusal is null)
        {
            Assert.NotNull(preflight.Evaluate(Configuration, CorsResourceType.ObjectUrl));
            return;
        }

        var error = Assert.Throws<S3Exception>(() => preflight.Evaluate(Configuration, CorsResourceType.ObjectUrl));
        Assert.Equal(S3Error.AccessForbidden, error.Error);
        Assert.Equal(403, error.Error.StatusCode);
        Assert.Equal(refusal, error.Message);
        Assert.Equal([new("Method", method), new("ResourceType", "OBJECT")], error.Details);
    }

    [Fact]
    public void Evaluate_NoConfiguration_IsAccessForbiddenNamingTheBucket()
    {
        var preflight = CorsPreflightRequest.Read(Headers("https://app.example", "GET"));

        var error = Assert.Throws<S3Exception>(() => preflight.Evaluate(null, CorsResourceType.BucketUrl));

        Assert.Equal("AccessForbidden", error.Error.Code);
        Assert.Equal("CORSResponse: CORS is not enabled for this bucket.", error.Message);
        Assert.Equal([new("Method", "GET"), new("ResourceType", "BUCKET")], error.Details);
    }
}
