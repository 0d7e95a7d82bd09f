using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Cors;

/// <summary>
/// A preflight (OPTIONS) request as S3 reads it: the origin, the method the browser wants to use
/// and the headers it wants to send. See https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html
/// </summary>
public sealed record CorsPreflightRequest(string Origin, string Method, IReadOnlyList<string> RequestHeaders)
{
    /// <summary>Reads the preflight's own headers; 400 BadRequest, with S3's messages, before anything is looked up.</summary>
    public static CorsPreflightRequest Read(IHeaderDictionary headers)
    {
        var origin = headers.Origin.ToString();
        if (origin.Length == 0)
        {
            throw new S3Exception(S3Error.BadRequest, "Insufficient information. Origin request header needed.");
        }

        // S3 prints a missing header as Java's null.
        var method = headers.AccessControlRequestMethod;
        if (method.Count == 0 || !CorsConfiguration.Methods.Contains(method.ToString()))
        {
            throw new S3Exception(S3Error.BadRequest, $"Invalid Access-Control-Request-Method: {(method.Count == 0 ? "null" : method.ToString())}");
        }

        return new CorsPreflightRequest(origin, method.ToString(), CorsRequestHeaders.Parse(headers.AccessControlRequestHeaders));
    }

    /// <summary>
    /// The rule that allows this preflight. 403 AccessForbidden when the bucket has no
    /// configuration or no rule allows it; the error names the method and whether the URL was a
    /// bucket's or an object's, as S3's does.
    /// </summary>
    public CorsMatch Evaluate(CorsConfiguration? configuration, CorsResourceType resource)
    {
        if (configuration is null)
        {
            throw Forbidden("CORSResponse: CORS is not enabled for this bucket.", resource);
        }

        return CorsMatcher.FirstMatch(configuration, Origin, Method, RequestHeaders)
            ?? throw Forbidden(S3Error.AccessForbidden.Message, resource);
    }

    public S3Exception Forbidden(string message, CorsResourceType resource) =>
        new(S3Error.AccessForbidden, message, [new("Method", Method), new("ResourceType", resource == CorsResourceType.BucketUrl ? "BUCKET" : "OBJECT")]);
}

/// <summary>What a preflight's URL names: a bucket, or an object in it.</summary>
public enum CorsResourceType
{
    BucketUrl,
    ObjectUrl,
}
